package io.voicegather.server.media.dtmf;

import io.voicegather.api.command.DtmfKey;

/**
 * Detects DTMF key presses carried as tones in decoded 8 kHz, 16-bit linear audio (ITU-T Q.23 frequencies, Q.24
 * receiver criteria), reporting each press once, as soon as it is recognised.
 *
 * <p>The audio is cut into fixed blocks of {@link #BLOCK_SIZE} samples (12.75 ms) that need not line up with the
 * caller's frames: filter state is carried from one {@link #process} call to the next. Per block, eight Goertzel
 * filters measure the four row and four column frequencies (the two strongest are then separated from each other's
 * window leakage), and a block names a key only if all of these hold (thresholds in {@link DtmfThresholds}):
 * <ol>
 *   <li>the strongest row and the strongest column tone are each above an absolute level;</li>
 *   <li>twist: the column tone is at most the normal-twist limit above the row tone, and at most the reverse-twist
 *       limit below it;</li>
 *   <li>each of the two is well above every other tone of its own group (relative peak);</li>
 *   <li>the two tones carry most of the block's total energy (speech spreads its energy elsewhere).</li>
 * </ol>
 * A key press starts when {@code hitsToBegin} consecutive blocks name the same key and, between the last two of
 * them, (a) the phase advance of each tone puts its frequency within the allowed deviation of the nominal one (the
 * Goertzel magnitude alone is too broad at this block length to reject a row tone 3.5 % off), and (b) once the
 * filter loss that this measured offset explains is undone, a model of the two tones (their powers plus the beat and
 * double-frequency terms that do not average out over a block) accounts for nearly all the energy of the two
 * blocks. A block the tone covers only in part fails (b): a tone present in k of the 102 samples yields k/102 of the
 * energy share, which is what keeps bursts shorter than 23 ms from being heard as keys; (b) is also a strict
 * talk-off test, since speech leaves energy outside the two tones.
 *
 * <p>A press ends after {@code missesToEnd} consecutive blocks that do not name it, so a dropout of up to 10 ms does
 * not split it; a different key confirmed while one is held starts a new press at once.
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
    private static final int TONES = 8;
    private static final int NONE = -1;

    /** Per key: the leakage (1/N) sum e^{j(wc - wr)n} of the column tone into the row filter. */
    private static final double[] LEAK_RE = new double[16];
    private static final double[] LEAK_IM = new double[16];
    /** Kernels (1/N) sum e^{jwn} at twice each tone's frequency, and at each key's sum frequency. */
    private static final double[] DOUBLE_RE = new double[TONES];
    private static final double[] DOUBLE_IM = new double[TONES];
    private static final double[] SUM_RE = new double[16];
    private static final double[] SUM_IM = new double[16];

    // Filter constants per tone: 2cos(w), cos(w), sin(w), and e^{-jwN} (to turn the Goertzel state into the block's
    // DFT term referred to the block start, and to remove the nominal phase advance between blocks).
    private static final double[] COEFFICIENT = new double[TONES];
    private static final double[] COS_W = new double[TONES];
    private static final double[] SIN_W = new double[TONES];
    private static final double[] BLOCK_COS = new double[TONES];
    private static final double[] BLOCK_SIN = new double[TONES];

    static {
        for (int k = 0; k < TONES; k++) {
            double w = 2 * Math.PI * frequency(k) / SAMPLE_RATE;
            COS_W[k] = Math.cos(w);
            SIN_W[k] = Math.sin(w);
            COEFFICIENT[k] = 2 * COS_W[k];
            BLOCK_COS[k] = Math.cos(w * BLOCK_SIZE);
            BLOCK_SIN[k] = -Math.sin(w * BLOCK_SIZE);
            double twice = 2 * w;
            for (int n = 0; n < BLOCK_SIZE; n++) {
                DOUBLE_RE[k] += Math.cos(twice * n) / BLOCK_SIZE;
                DOUBLE_IM[k] += Math.sin(twice * n) / BLOCK_SIZE;
            }
        }
        for (int key = 0; key < 16; key++) {
            double delta = 2 * Math.PI * (COLUMN_HZ[key & 3] - ROW_HZ[key >> 2]) / SAMPLE_RATE;
            double total = 2 * Math.PI * (COLUMN_HZ[key & 3] + ROW_HZ[key >> 2]) / SAMPLE_RATE;
            for (int n = 0; n < BLOCK_SIZE; n++) {
                LEAK_RE[key] += Math.cos(delta * n) / BLOCK_SIZE;
                LEAK_IM[key] += Math.sin(delta * n) / BLOCK_SIZE;
                SUM_RE[key] += Math.cos(total * n) / BLOCK_SIZE;
                SUM_IM[key] += Math.sin(total * n) / BLOCK_SIZE;
            }
        }
    }

    private final DigitHandler handler;
    private final DtmfThresholds thresholds;

    // Per-block limits, precomputed from the thresholds in the units the block analysis uses.
    private final double minTonePower;
    private final double normalTwist;
    private final double reverseTwist;
    private final double relativePeak;
    private final double minPairFraction;
    private final double minStartFraction;
    private final double[] maxPhaseStep = new double[TONES];

    // Filter state carried across calls.
    private final double[] s1 = new double[TONES];
    private final double[] s2 = new double[TONES];
    private final double[] power = new double[TONES];
    private double energy;
    private int position;

    // Block history and press state.
    private int lastBlockKey = NONE;
    private int run;
    private double rowRe;
    private double rowIm;
    private double columnRe;
    private double columnIm;
    private double rowPower;
    private double columnPower;
    private double meanPower;
    private double lastMeanPower;
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
        this.minStartFraction = thresholds.minStartPairEnergyFraction();
        for (int k = 0; k < TONES; k++) {
            // A tone off by d Hz advances its phase by 2*pi*d*N/fs per block relative to the nominal frequency.
            maxPhaseStep[k] = 2 * Math.PI * frequency(k) * thresholds.maxFrequencyDeviation() * BLOCK_SIZE / SAMPLE_RATE;
        }
    }

    private static double frequency(int tone) {
        return tone < 4 ? ROW_HZ[tone] : COLUMN_HZ[tone - 4];
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
                double s0 = x + COEFFICIENT[k] * s1[k] - s2[k];
                s2[k] = s1[k];
                s1[k] = s0;
            }
            energy += x * x;
            if (++position == BLOCK_SIZE) {
                endBlock();
            }
        }
    }

    /** The key currently held (reported and not yet ended), or {@code 0} when none. */
    public char heldDigit() {
        return activeKey == NONE ? 0 : DtmfKey.atKeypadPosition(activeKey);
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
            if (key == lastBlockKey) {
                run++;
                double rowStep = phaseStep(row, rowRe, rowIm, lastRowRe, lastRowIm);
                double columnStep = phaseStep(column, columnRe, columnIm, lastColumnRe, lastColumnIm);
                boolean steady = Math.abs(rowStep) <= maxPhaseStep[row] && Math.abs(columnStep) <= maxPhaseStep[column];
                if (steady && run >= thresholds.hitsToBegin()) {
                    // Undo the Goertzel loss the measured frequency offset explains, then both blocks must be
                    // (almost) nothing but the two tones: a block the tone covers only in part falls short.
                    double rowGain = 1 / Math.sqrt(offsetLoss(rowStep));
                    double columnGain = 1 / Math.sqrt(offsetLoss(columnStep));
                    // Averaged over the two blocks, so noise counts less and the bound is on the samples missing
                    // from both together (a burst under 23 ms misses at least 21 of the 204).
                    double share = modelPower(key, rowRe * rowGain, rowIm * rowGain, columnRe * columnGain,
                            columnIm * columnGain) / meanPower;
                    double lastShare = modelPower(key, lastRowRe * rowGain, lastRowIm * rowGain,
                            lastColumnRe * columnGain, lastColumnIm * columnGain) / lastMeanPower;
                    confirmed = share + lastShare >= 2 * minStartFraction;
                }
                if (!steady) {
                    run = 1;
                }
            } else {
                run = 1;
            }
            lastMeanPower = meanPower;
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
        handler.onDigit(DtmfKey.atKeypadPosition(key));
    }

    /**
     * The key this block's tones name, or {@link #NONE} if any check fails. On success the two tones' complex
     * amplitudes are left in {@link #rowRe} and friends.
     */
    private int classifyBlock() {
        for (int k = 0; k < TONES; k++) {
            power[k] = tonePower(k);
        }
        int row = strongest(0);
        int column = strongest(4);
        int key = (row << 2) | (column - 4);
        unmix(key, row, column);
        rowPower = 2 * (rowRe * rowRe + rowIm * rowIm);
        columnPower = 2 * (columnRe * columnRe + columnIm * columnIm);
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
        meanPower = energy / BLOCK_SIZE;
        if (rowPower + columnPower < minPairFraction * meanPower) {
            return NONE;
        }
        return key;
    }

    /**
     * Each tone leaks into the other's filter through the rectangular window's sidelobes (up to +-1.4 dB on the weaker
     * tone at 8 dB twist). With u and v the two filters' outputs over N and k the leakage from the column frequency
     * into the row filter, u = r + k c and v = c + conj(k) r; solving for r and c gives each tone's own amplitude.
     */
    private void unmix(int key, int row, int column) {
        double ur = dftRe(row) / BLOCK_SIZE;
        double ui = dftIm(row) / BLOCK_SIZE;
        double vr = dftRe(column) / BLOCK_SIZE;
        double vi = dftIm(column) / BLOCK_SIZE;
        double kr = LEAK_RE[key];
        double ki = LEAK_IM[key];
        double scale = 1 / (1 - (kr * kr + ki * ki));
        rowRe = (ur - (kr * vr - ki * vi)) * scale;
        rowIm = (ui - (kr * vi + ki * vr)) * scale;
        columnRe = (vr - (kr * ur + ki * ui)) * scale;
        columnIm = (vi - (kr * ui - ki * ur)) * scale;
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
        double squared = s1[k] * s1[k] + s2[k] * s2[k] - COEFFICIENT[k] * s1[k] * s2[k];
        return 2 * squared / ((double) BLOCK_SIZE * BLOCK_SIZE);
    }

    // The DFT term sum x[n] e^{-jwn} over the block is e^{-jwN} (s1 e^{jw} - s2).
    private double dftRe(int k) {
        double yRe = s1[k] * COS_W[k] - s2[k];
        double yIm = s1[k] * SIN_W[k];
        return yRe * BLOCK_COS[k] - yIm * BLOCK_SIN[k];
    }

    private double dftIm(int k) {
        double yRe = s1[k] * COS_W[k] - s2[k];
        double yIm = s1[k] * SIN_W[k];
        return yRe * BLOCK_SIN[k] + yIm * BLOCK_COS[k];
    }

    /**
     * How far (radians per block) the tone's phase advanced between two consecutive blocks beyond what its nominal
     * frequency predicts: arg(D_now conj(D_before) e^{-jwN}) = 2*pi*(f - f0)*N/fs, unambiguous while |f - f0| is
     * under fs/2N (39 Hz).
     */
    private double phaseStep(int k, double re, double im, double beforeRe, double beforeIm) {
        double pRe = re * beforeRe + im * beforeIm;
        double pIm = im * beforeRe - re * beforeIm;
        double qRe = pRe * BLOCK_COS[k] - pIm * BLOCK_SIN[k];
        double qIm = pRe * BLOCK_SIN[k] + pIm * BLOCK_COS[k];
        return Math.atan2(qIm, qRe);
    }

    /**
     * Mean power over one block of the two-tone signal with complex amplitudes r (row) and c (column), i.e.
     * 2Re(r e^{jw_r n}) + 2Re(c e^{jw_c n}): the two tone powers plus the terms that do not average out over 102
     * samples (the beat between the tones, and the double and sum frequencies), from the per-key kernels.
     */
    private double modelPower(int key, double rr, double ri, double cr, double ci) {
        int row = key >> 2;
        int column = 4 + (key & 3);
        double sum = 2 * (rr * rr + ri * ri) + 2 * (cr * cr + ci * ci);
        // 2Re(r^2 K(2w_r)) + 2Re(c^2 K(2w_c))
        sum += 2 * ((rr * rr - ri * ri) * DOUBLE_RE[row] - 2 * rr * ri * DOUBLE_IM[row]);
        sum += 2 * ((cr * cr - ci * ci) * DOUBLE_RE[column] - 2 * cr * ci * DOUBLE_IM[column]);
        // 4Re(r conj(c) conj(k)) with k the column-to-row leakage kernel
        double pr = rr * cr + ri * ci;
        double pi = ri * cr - rr * ci;
        sum += 4 * (pr * LEAK_RE[key] + pi * LEAK_IM[key]);
        // 4Re(r c K(w_r + w_c))
        double qr = rr * cr - ri * ci;
        double qi = rr * ci + ri * cr;
        sum += 4 * (qr * SUM_RE[key] - qi * SUM_IM[key]);
        return sum;
    }

    /** The share of a tone's power a filter at the nominal frequency sees when the tone drifts by this phase step. */
    private static double offsetLoss(double step) {
        if (Math.abs(step) < 1e-9) {
            return 1;
        }
        double ratio = Math.sin(step / 2) / (BLOCK_SIZE * Math.sin(step / (2 * BLOCK_SIZE)));
        return ratio * ratio;
    }

    private static double dbToRatio(double db) {
        return Math.pow(10, db / 10);
    }
}
