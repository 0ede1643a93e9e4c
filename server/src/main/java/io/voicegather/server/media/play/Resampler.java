package io.voicegather.server.media.play;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Converts mono 16-bit PCM at any rate to 8000 Hz through a polyphase windowed-sinc (Kaiser) low-pass, so that
 * content above 4 kHz is removed instead of folding back into the telephone band.
 *
 * <p>Filter: -6 dB at 3750 Hz, passband flat to 3500 Hz, stopband from 4000 Hz at about 80 dB down (for input
 * rates below 8 kHz the same shape is scaled to the input's Nyquist frequency). Output sample {@code n} is the
 * input at time {@code n * inputRate / 8000}, with no added delay; the output holds
 * {@code ceil(inputSamples * 8000 / inputRate)} samples.
 *
 * <p>Streaming: feed any chunking with {@link #process} and call {@link #flush} once at the end; the result is the
 * same as one call with all the input. Not thread-safe (one instance per stream).
 *
 * <p>The filter depends only on the input rate, so it is shared: every stream at a rate uses one {@link Filter},
 * kept for the most recently used rates, and each of its rows (one per output phase) is computed the first time a
 * stream needs it. A prompt at a common rate finds its table ready (at 44.1 kHz it is 35,964 coefficients, about
 * 10 ms to compute), and a short file at a rate no standard file has pays for the rows its few outputs use, not for
 * the whole table (up to 2^19 coefficients, about 90 ms).
 */
public final class Resampler {
    public static final int OUTPUT_RATE = 8000;

    private static final double STOPBAND_DB = 80;
    /** Above this many filter phases, phases are rounded to the nearest of this many (timing error below -70 dB). */
    private static final int MAX_PHASES = 1024;
    /**
     * Bound of the table (phases times taps; 2 MB). The filter's length grows with the input rate, so an odd rate near
     * the top of the range would otherwise build 1024 phases of 7,704 taps: 31 MB and seconds of work for a header of a
     * few bytes. A phase step is 1/(phases x rate) seconds, so above about 45 kHz fewer phases keep the same timing
     * precision as 1024 phases do at 44.1 kHz.
     */
    private static final int MAX_TABLE_ENTRIES = 1 << 19;
    /** Filters kept for reuse, least recently used dropped first: at most this many times 2 MB, usually far less. */
    static final int CACHED_RATES = 8;
    private static final Map<Integer, Filter> FILTERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Filter> eldest) {
            return size() > CACHED_RATES;
        }
    };

    private final int inputRate;
    private final boolean passThrough;
    private final Filter filter;
    /** Output advances {@code down} input positions of which there are {@code up} per input sample. */
    private final int up;
    private final int down;
    private final int taps;
    /** This stream's view of the filter's rows, taken before the outputs that use them (no locking per sample). */
    private final float[][] rows;
    /** Rows not yet taken into {@link #rows}; once 0, the view is complete. */
    private int rowsMissing;

    /** Input not yet consumed; buf[0] is input index {@code bufBase - (half - 1)} (leading zeros included). */
    private float[] buf = new float[4096];
    private int bufLen;
    /** Position of the next output: buffer index {@code pos} plus fraction {@code phase / up}. */
    private int pos;
    private int phase;
    private long inputCount;
    private long outputCount;
    private boolean flushed;

    public Resampler(int inputRate) {
        if (inputRate < 1000 || inputRate > 768_000) {
            throw new IllegalArgumentException("unsupported sample rate " + inputRate);
        }
        this.inputRate = inputRate;
        this.passThrough = inputRate == OUTPUT_RATE;
        this.filter = passThrough ? null : filterFor(inputRate);
        int g = gcd(inputRate, OUTPUT_RATE);
        this.up = OUTPUT_RATE / g;
        this.down = inputRate / g;
        this.taps = passThrough ? 1 : filter.taps;
        this.rows = passThrough ? new float[0][] : new float[filter.phases + 1][];
        this.rowsMissing = rows.length;
        bufLen = passThrough ? 0 : filter.half - 1; // leading zeros: the first output is centred on input 0
    }

    private static Filter filterFor(int inputRate) {
        synchronized (FILTERS) {
            return FILTERS.computeIfAbsent(inputRate, Filter::new);
        }
    }

    public int inputRate() {
        return inputRate;
    }

    /** Filter length in input samples (for tests and benchmarks). */
    public int taps() {
        return taps;
    }

    /** Coefficients in the whole filter table, built or not (for tests: bounded whatever the rate). */
    int tableEntries() {
        return passThrough ? 0 : (filter.phases + 1) * taps;
    }

    /** Coefficients this rate's shared filter has computed so far (for tests: what a stream costs to set up). */
    int entriesBuilt() {
        return passThrough ? 0 : filter.rowsBuilt() * taps;
    }

    /** Whether this stream uses the same filter as {@code other} (for tests: filters are shared, not rebuilt). */
    boolean sharesFilterWith(Resampler other) {
        return filter == other.filter;
    }

    /** Upper bound of the output {@link #process} can produce for {@code inputSamples} more input. */
    public int maxOutput(int inputSamples) {
        return (int) ((long) inputSamples * up / down) + 2;
    }

    /**
     * Consumes {@code count} input samples and writes the output that is now computable to {@code out} from
     * {@code outOffset}; {@code out} must have room for {@link #maxOutput(int) maxOutput(count)} samples.
     *
     * @return samples written
     */
    public int process(short[] in, int offset, int count, short[] out, int outOffset) {
        if (flushed) {
            throw new IllegalStateException("already flushed");
        }
        if (passThrough) {
            System.arraycopy(in, offset, out, outOffset, count);
            inputCount += count;
            outputCount += count;
            return count;
        }
        ensureRoom(count);
        for (int i = 0; i < count; i++) {
            buf[bufLen + i] = in[offset + i];
        }
        bufLen += count;
        inputCount += count;
        return drain(out, outOffset, Long.MAX_VALUE);
    }

    /** Writes the remaining output (the tail that needed input past the end, taken as silence). */
    public int flush(short[] out, int outOffset) {
        if (flushed) {
            return 0;
        }
        flushed = true;
        if (passThrough) {
            return 0;
        }
        ensureRoom(taps);
        Arrays.fill(buf, bufLen, bufLen + taps, 0f);
        bufLen += taps;
        long total = (inputCount * up + down - 1) / down;
        return drain(out, outOffset, total);
    }

    /** One-shot conversion of a whole signal to 8 kHz. */
    public static short[] to8k(short[] in, int inputRate) {
        if (inputRate == OUTPUT_RATE) {
            return in.clone();
        }
        Resampler r = new Resampler(inputRate);
        short[] out = new short[r.maxOutput(in.length) + 2];
        int n = r.process(in, 0, in.length, out, 0);
        n += r.flush(out, n);
        return Arrays.copyOf(out, n);
    }

    private int drain(short[] out, int outOffset, long limit) {
        if (rowsMissing > 0) {
            fetchRows(limit);
        }
        int written = 0;
        float[] b = buf;
        while (outputCount < limit && pos + taps <= bufLen) {
            float[] coefficients = rows[rowFor(phase)];
            float acc = 0;
            for (int k = 0, j = pos; k < taps; k++, j++) {
                acc += b[j] * coefficients[k];
            }
            out[outOffset + written++] = clip(acc);
            outputCount++;
            phase += down;
            pos += phase / up;
            phase %= up;
        }
        // Drop consumed input so the buffer stays the size of the filter plus one chunk.
        if (pos > 0) {
            int keep = Math.max(0, bufLen - pos);
            System.arraycopy(b, Math.min(pos, bufLen), b, 0, keep);
            pos -= bufLen - keep;
            bufLen = keep;
        }
        return written;
    }

    /**
     * Takes into this stream's view the rows the outputs {@link #drain} is about to compute use, from the shared
     * filter (which computes a row the first time any stream needs it). Done before that loop, which a test for a
     * missing row would slow by a third.
     */
    private void fetchRows(long limit) {
        int p = pos;
        int ph = phase;
        for (long n = outputCount; n < limit && p + taps <= bufLen && rowsMissing > 0; n++) {
            int row = rowFor(ph);
            if (rows[row] == null) {
                rows[row] = filter.row(row);
                rowsMissing--;
            }
            ph += down;
            p += ph / up;
            ph %= up;
        }
    }

    private int rowFor(int phase) {
        return filter.phases == up ? phase : (int) (((long) phase * filter.phases + up / 2) / up);
    }

    private void ensureRoom(int more) {
        if (bufLen + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, bufLen + more));
        }
    }

    /**
     * The low-pass for one input rate: its shape, and its table of {@code phases + 1} rows, each computed on first
     * use and then kept. Immutable apart from that table, whose rows are published whole (a row is a pure function
     * of its index, so two threads that both compute one store the same values). Shared by every stream at the rate.
     */
    private static final class Filter {
        private static final double BETA = 0.1102 * (STOPBAND_DB - 8.7);
        private static final double I0_BETA = besselI0(BETA);

        private final int half;
        private final int taps;
        /** Phases per input sample; the table has one row more (the phase that rounds up to the next sample). */
        private final int phases;
        private final double normalisedCutoff;
        private final AtomicReferenceArray<float[]> table;

        Filter(int inputRate) {
            int up = OUTPUT_RATE / gcd(inputRate, OUTPUT_RATE);
            double nyquist = Math.min(inputRate, OUTPUT_RATE) / 2.0;
            double cutoff = nyquist * 0.9375;
            double transition = nyquist * 0.125;
            // Kaiser's estimate of the length for the wanted stopband over this transition width, in input samples.
            double lengthInSamples = (STOPBAND_DB - 8) / (2.285 * 2 * Math.PI * transition / inputRate);
            this.half = Math.max(2, (int) Math.ceil(lengthInSamples / 2));
            this.taps = 2 * half;
            this.phases = Math.min(up, Math.max(1, Math.min(MAX_PHASES, MAX_TABLE_ENTRIES / taps - 1))); // +1 row
            this.normalisedCutoff = cutoff / inputRate;
            this.table = new AtomicReferenceArray<>(phases + 1);
        }

        float[] row(int p) {
            float[] row = table.get(p);
            if (row == null) {
                row = buildRow(p);
                table.set(p, row);
            }
            return row;
        }

        int rowsBuilt() {
            int built = 0;
            for (int p = 0; p < table.length(); p++) {
                built += table.get(p) == null ? 0 : 1;
            }
            return built;
        }

        /**
         * Row {@code p} holds the kernel sampled for an output lying {@code p / phases} of an input sample after
         * buffer index {@code pos + half - 1}, normalised to unit DC gain.
         */
        private float[] buildRow(int p) {
            double frac = (double) p / phases;
            double[] row = new double[taps];
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                double x = frac + (half - 1) - k; // distance from the output instant to input k, in samples
                double w = x / half;
                double window = Math.abs(w) >= 1 ? 0 : besselI0(BETA * Math.sqrt(1 - w * w)) / I0_BETA;
                double arg = 2 * normalisedCutoff * x;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                row[k] = 2 * normalisedCutoff * sinc * window;
                sum += row[k];
            }
            float[] coefficients = new float[taps];
            for (int k = 0; k < taps; k++) {
                coefficients[k] = (float) (row[k] / sum);
            }
            return coefficients;
        }
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; k < 200; k++) {
            term *= (halfX / k) * (halfX / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static short clip(float v) {
        int r = Math.round(v);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, r));
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
