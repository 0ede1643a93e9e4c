package io.voicegather.server.media.tts;

/**
 * Band-limited sample-rate conversion to 8 kHz: a Blackman-windowed sinc low-pass at 3.6 kHz (so a 6 kHz tone in
 * 16 kHz speech does not fold back to 2 kHz, as the JDK's converter lets it), evaluated polyphase when the rates
 * have a small common period. Only for engine output in this package; not tuned for the media hot path.
 */
final class Resampler {

    private static final double CUTOFF_SHARE = 0.9; // of the lower Nyquist frequency
    private static final int ZERO_CROSSINGS = 16;
    private static final int MAX_PHASES = 4096;

    private Resampler() {
    }

    static short[] to8k(short[] input, int inputRate) {
        return resample(input, inputRate, TtsEngine.SAMPLE_RATE);
    }

    static short[] resample(short[] input, int inRate, int outRate) {
        if (inRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + inRate);
        }
        if (inRate == outRate || input.length == 0) {
            return input.clone();
        }
        double cutoff = CUTOFF_SHARE * Math.min(inRate, outRate) / 2.0; // Hz
        double fc = cutoff / inRate;                                     // cycles per input sample
        double halfWidth = ZERO_CROSSINGS / (2 * fc);                    // input samples each side
        int taps = (int) Math.ceil(halfWidth);
        int outLength = (int) ((long) input.length * outRate / inRate);
        short[] out = new short[outLength];
        int g = gcd(inRate, outRate);
        int phases = outRate / g;
        int step = inRate / g; // output n sits at input position n*step/phases
        double[][] table = phases <= MAX_PHASES ? new double[phases][] : null;
        for (int n = 0; n < outLength; n++) {
            long num = (long) n * step;
            int center = (int) (num / phases);
            int phase = (int) (num % phases);
            double frac = (double) phase / phases;
            double[] kernel;
            if (table != null) {
                kernel = table[phase];
                if (kernel == null) {
                    kernel = table[phase] = kernel(frac, fc, halfWidth, taps);
                }
            } else {
                kernel = kernel(frac, fc, halfWidth, taps);
            }
            double acc = 0;
            for (int k = -taps; k <= taps; k++) {
                int i = center + k;
                if (i >= 0 && i < input.length) {
                    acc += input[i] * kernel[k + taps];
                }
            }
            out[n] = (short) Math.max(-32768, Math.min(32767, Math.round(acc)));
        }
        return out;
    }

    /** Filter weights for input offsets -taps..taps around an output point {@code frac} past the centre sample. */
    private static double[] kernel(double frac, double fc, double halfWidth, int taps) {
        double[] kernel = new double[2 * taps + 1];
        for (int k = -taps; k <= taps; k++) {
            double d = k - frac;
            if (Math.abs(d) >= halfWidth) {
                continue;
            }
            double x = 2 * fc * d;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double w = (d / halfWidth + 1) / 2; // 0..1 across the window
            double blackman = 0.42 - 0.5 * Math.cos(2 * Math.PI * w) + 0.08 * Math.cos(4 * Math.PI * w);
            kernel[k + taps] = 2 * fc * sinc * blackman;
        }
        return kernel;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
