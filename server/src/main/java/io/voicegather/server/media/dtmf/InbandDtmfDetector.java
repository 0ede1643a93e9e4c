package io.voicegather.server.media.dtmf;

/**
 * Detects DTMF key presses carried as tones in decoded 8 kHz, 16-bit linear audio (ITU-T Q.23 frequencies, Q.24
 * receiver criteria), reporting each press once, as soon as it is recognised.
 *
 * <p>The audio is cut into fixed blocks of {@link #BLOCK_SIZE} samples (12.75 ms) that need not line up with the
 * caller's frames: filter state is carried from one {@link #process} call to the next. Per block, eight Goertzel
 * filters measure the four row and four column frequencies, and a block names a key only if all of these hold
 * (thresholds in {@link DtmfThresholds}):
 * <ol>
 *   <li>the strongest row and the strongest column tone are each above an absolute level;</li>
 *   <li>twist: the column tone is at most the normal-twist limit above the row tone, and at most the reverse-twist
 *       limit below it;</li>
 *   <li>each of the two is well above every other tone of its own group (relative peak);</li>
 *   <li>the two tones carry most of the block's total energy (speech spreads its energy elsewhere);</li>
 *   <li>the energy is steady: the first and the last 20-32 samples of the block (a length over which that key's
 *       beat averages out) each carry their share of the block's energy, so a block the tone covers only in part
 *       does not count (this is what keeps bursts shorter than 23 ms from being heard as keys).</li>
 * </ol>
 * A key press starts when {@code hitsToBegin} consecutive blocks name the same key and, between the last two of
 * them, the phase advance of each tone puts its frequency within the allowed deviation of the nominal one (the
 * Goertzel magnitude alone is too broad at this block length to reject a row tone 3.5 % off). It ends after
 * {@code missesToEnd} consecutive blocks that do not name it, so a dropout of up to 10 ms does not split a press; a
 * different key confirmed while one is held starts a new press at once.
 *
 * <p>One instance per call. Not thread-safe. {@link #process} allocates nothing.
 */
public final class InbandDtmfDetector {

    /** Receives each key press once, on the thread that called {@link #process}. */
    @FunctionalInterface
    public interface DigitHandler {
        void onDigit(char digit);
    }

    public static final int SAMPLE_RATE = 8000;
    /** Samples per analysis block: 12.75 ms, so two whole blocks fit in any 40 ms tone and none in 23 ms. */
    public static final int BLOCK_SIZE = 102;

    static final double[] ROW_HZ = {697, 770, 852, 941};
    static final double[] COLUMN_HZ = {1209, 1336, 1477, 1633};
    private static final char[] KEYS = {
        '1', '2', '3', 'A',
        '4', '5', '6', 'B',
        '7', '8', '9', 'C',
        '*', '0', '#', 'D'};
    private static final int TONES = 8;
    private static final int NONE = -1;
    /** Shortest and longest edge window (see {@link #edgeWindow}). */
    private static final int MIN_EDGE = 20;
    private static final int MAX_EDGE = 32;

    private final DigitHandler handler;
    private final DtmfThresholds thresholds;

    // Per-block limits, precomputed from the thresholds in the units the block analysis uses.
    private final double minTonePower;
    private final double normalTwist;
    private final double reverseTwist;
    private final double relativePeak;
    private final double minPairFraction;
    private final double minEdgeFraction;
    /** Per key: how many samples at each end of a block are compared with the block's mean power. */
    private final int[] edgeWindow = new int[16];

    // Filter constants per tone: 2cos(w), cos(w), sin(w), and e^{-jwN} (to turn the Goertzel state into the block's
    // DFT term referred to the block start, and to remove the nominal phase advance between blocks).
    private final double[] coefficient = new double[TONES];
    private final double[] cosW = new double[TONES];
    private final double[] sinW = new double[TONES];
    private final double[] blockCos = new double[TONES];
    private final double[] blockSin = new double[TONES];
    private final double[] maxPhaseStep = new double[TONES];

    // Filter state carried across calls.
    private final double[] s1 = new double[TONES];
    private final double[] s2 = new double[TONES];
    private final double[] power = new double[TONES];
    private final double[] squares = new double[BLOCK_SIZE];
    private double energy;
    private int position;

    // Block history and press state.
    private int lastBlockKey = NONE;
    private int run;
    private double lastRowRe;
    private double lastRowIm;
    private double lastColumnRe;
    private double lastColumnIm;
    private int activeKey = NONE;
    private int misses;

    public InbandDtmfDetector(DigitHandler handler) {
        this(DtmfThresholds.DEFAULTS, handler);
    }

    public InbandDtmfDetector(DtmfThresholds thresholds, DigitHandler handler) {
        if (handler == null || thresholds == null) {
            throw new NullPointerException("thresholds and handler are required");
        }
        this.handler = handler;
        this.thresholds = thresholds;
        this.minTonePower = DtmfLevels.dbm0ToPower(thresholds.minToneLevelDbm0());
        this.normalTwist = dbToRatio(thresholds.maxNormalTwistDb());
        this.reverseTwist = dbToRatio(thresholds.maxReverseTwistDb());
        this.relativePeak = dbToRatio(thresholds.relativePeakDb());
        this.minPairFraction = thresholds.minPairEnergyFraction();
        this.minEdgeFraction = thresholds.minEdgeEnergyFraction();
        for (int k = 0; k < TONES; k++) {
            double hz = k < 4 ? ROW_HZ[k] : COLUMN_HZ[k - 4];
            double w = 2 * Math.PI * hz / SAMPLE_RATE;
            cosW[k] = Math.cos(w);
            sinW[k] = Math.sin(w);
            coefficient[k] = 2 * cosW[k];
            blockCos[k] = Math.cos(w * BLOCK_SIZE);
            blockSin[k] = -Math.sin(w * BLOCK_SIZE);
            // A tone off by d Hz advances its phase by 2*pi*d*N/fs per block relative to the nominal frequency.
            maxPhaseStep[k] = 2 * Math.PI * hz * thresholds.maxFrequencyDeviation() * BLOCK_SIZE / SAMPLE_RATE;
        }
        for (int key = 0; key < 16; key++) {
            edgeWindow[key] = steadiestWindow(ROW_HZ[key >> 2], COLUMN_HZ[key & 3]);
        }
    }

    public DtmfThresholds thresholds() {
        return thresholds;
    }

    /** Feeds {@code count} samples starting at {@code offset}. Digits are reported from inside this call. */
    public void process(short[] pcm, int offset, int count) {
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            double x = pcm[i];
            for (int k = 0; k < TONES; k++) {
                double s0 = x + coefficient[k] * s1[k] - s2[k];
                s2[k] = s1[k];
                s1[k] = s0;
            }
            double square = x * x;
            squares[position] = square;
            energy += square;
            if (++position == BLOCK_SIZE) {
                endBlock();
            }
        }
    }

    /** The key currently held (reported and not yet ended), or {@code 0} when none. */
    public char heldDigit() {
        return activeKey == NONE ? 0 : KEYS[activeKey];
    }

    /** Forgets all state, as if the instance were new (e.g. after a hold or a codec change). */
    public void reset() {
        clearFilters();
        lastBlockKey = NONE;
        run = 0;
        activeKey = NONE;
        misses = 0;
    }

    private void clearFilters() {
        for (int k = 0; k < TONES; k++) {
            s1[k] = 0;
            s2[k] = 0;
        }
        energy = 0;
        position = 0;
    }

    private void endBlock() {
        int key = classifyBlock();
        boolean confirmed = false;
        if (key != NONE) {
            int row = key >> 2;
            int column = 4 + (key & 3);
            double rowRe = dftRe(row);
            double rowIm = dftIm(row);
            double columnRe = dftRe(column);
            double columnIm = dftIm(column);
            if (key == lastBlockKey) {
                run++;
                boolean steady = frequencyWithin(row, rowRe, rowIm, lastRowRe, lastRowIm)
                        && frequencyWithin(column, columnRe, columnIm, lastColumnRe, lastColumnIm);
                confirmed = steady && run >= thresholds.hitsToBegin();
                if (!steady) {
                    run = 1;
                }
            } else {
                run = 1;
            }
            lastRowRe = rowRe;
            lastRowIm = rowIm;
            lastColumnRe = columnRe;
            lastColumnIm = columnIm;
        } else {
            run = 0;
        }
        lastBlockKey = key;
        clearFilters();
        updatePress(key, confirmed);
    }

    private void updatePress(int key, boolean confirmed) {
        if (activeKey != NONE) {
            if (key == activeKey) {
                misses = 0;
            } else if (confirmed) {
                startPress(key);
            } else if (++misses >= thresholds.missesToEnd()) {
                activeKey = NONE;
                misses = 0;
            }
        } else if (confirmed) {
            startPress(key);
        }
    }

    private void startPress(int key) {
        activeKey = key;
        misses = 0;
        handler.onDigit(KEYS[key]);
    }

    /** The key this block's tones name, or {@link #NONE} if any check fails. */
    private int classifyBlock() {
        for (int k = 0; k < TONES; k++) {
            power[k] = tonePower(k);
        }
        int row = strongest(0);
        int column = strongest(4);
        double rowPower = power[row];
        double columnPower = power[column];
        if (rowPower < minTonePower || columnPower < minTonePower) {
            return NONE;
        }
        if (columnPower > rowPower * normalTwist || rowPower > columnPower * reverseTwist) {
            return NONE;
        }
        for (int k = 0; k < 4; k++) {
            if (k != row && power[k] * relativePeak > rowPower) {
                return NONE;
            }
            if (k + 4 != column && power[k + 4] * relativePeak > columnPower) {
                return NONE;
            }
        }
        double meanPower = energy / BLOCK_SIZE;
        if (rowPower + columnPower < minPairFraction * meanPower) {
            return NONE;
        }
        int key = (row << 2) | (column - 4);
        int window = edgeWindow[key];
        double head = 0;
        double tail = 0;
        for (int i = 0; i < window; i++) {
            head += squares[i];
            tail += squares[BLOCK_SIZE - 1 - i];
        }
        double edgeMinimum = minEdgeFraction * meanPower * window;
        if (head < edgeMinimum || tail < edgeMinimum) {
            return NONE;
        }
        return key;
    }

    /**
     * The edge window for a key: a length whose mean power of the tone pair hardly depends on where it falls, i.e.
     * close to whole periods of the beat (f2 - f1) and of the sum and double frequencies that squaring produces.
     */
    private static int steadiestWindow(double low, double high) {
        int best = MIN_EDGE;
        double bestRipple = Double.MAX_VALUE;
        for (int w = MIN_EDGE; w <= MAX_EDGE; w++) {
            double ripple = ripple(high - low, w) + 0.5 * (ripple(2 * low, w) + ripple(2 * high, w) + ripple(high + low, w));
            if (ripple < bestRipple) {
                bestRipple = ripple;
                best = w;
            }
        }
        return best;
    }

    /** How much a cosine of {@code hz} fails to average out over {@code w} samples (Dirichlet kernel). */
    private static double ripple(double hz, int w) {
        double half = Math.PI * hz / SAMPLE_RATE;
        return Math.abs(Math.sin(w * half) / (w * Math.sin(half)));
    }

    private int strongest(int first) {
        int best = first;
        for (int k = first + 1; k < first + 4; k++) {
            if (power[k] > power[best]) {
                best = k;
            }
        }
        return best;
    }

    /** Mean power of the tone in this block (amplitude squared over two, like the block's mean square). */
    private double tonePower(int k) {
        double squared = s1[k] * s1[k] + s2[k] * s2[k] - coefficient[k] * s1[k] * s2[k];
        return 2 * squared / ((double) BLOCK_SIZE * BLOCK_SIZE);
    }

    // The DFT term sum x[n] e^{-jwn} over the block is e^{-jwN} (s1 e^{jw} - s2).
    private double dftRe(int k) {
        double yRe = s1[k] * cosW[k] - s2[k];
        double yIm = s1[k] * sinW[k];
        return yRe * blockCos[k] - yIm * blockSin[k];
    }

    private double dftIm(int k) {
        double yRe = s1[k] * cosW[k] - s2[k];
        double yIm = s1[k] * sinW[k];
        return yRe * blockSin[k] + yIm * blockCos[k];
    }

    /**
     * Whether the tone's phase advanced between two consecutive blocks by what its nominal frequency predicts, within
     * the allowed deviation: arg(D_now conj(D_before) e^{-jwN}) is 2*pi*(f - f0)*N/fs.
     */
    private boolean frequencyWithin(int k, double re, double im, double beforeRe, double beforeIm) {
        double pRe = re * beforeRe + im * beforeIm;
        double pIm = im * beforeRe - re * beforeIm;
        double qRe = pRe * blockCos[k] - pIm * blockSin[k];
        double qIm = pRe * blockSin[k] + pIm * blockCos[k];
        return Math.abs(Math.atan2(qIm, qRe)) <= maxPhaseStep[k];
    }

    private static double dbToRatio(double db) {
        return Math.pow(10, db / 10);
    }
}
