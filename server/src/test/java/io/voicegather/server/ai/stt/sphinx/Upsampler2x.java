package io.voicegather.server.ai.stt.sphinx;

/**
 * Doubles the sample rate of a whole signal (8 kHz to 16 kHz for the 16 kHz acoustic model): the even outputs are the
 * inputs, the odd outputs are the signal interpolated half-way by a Kaiser-windowed sinc of 32 taps. The project's
 * {@code media.play.Resampler} only converts towards 8 kHz, hence this small companion for the other direction.
 */
final class Upsampler2x {
    private static final int HALF = 16;
    private static final double BETA = 8.0;
    /** COEFFICIENTS[j] weighs input n - HALF + 1 + j for the output half-way between inputs n and n + 1. */
    private static final double[] COEFFICIENTS = coefficients();

    private Upsampler2x() {
    }

    static short[] upsample(short[] in) {
        short[] out = new short[in.length * 2];
        for (int n = 0; n < in.length; n++) {
            out[2 * n] = in[n];
            double acc = 0;
            for (int j = 0; j < 2 * HALF; j++) {
                int i = n - HALF + 1 + j;
                if (i >= 0 && i < in.length) {
                    acc += in[i] * COEFFICIENTS[j];
                }
            }
            out[2 * n + 1] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
        }
        return out;
    }

    private static double[] coefficients() {
        double[] h = new double[2 * HALF];
        double sum = 0;
        double i0Beta = besselI0(BETA);
        for (int j = 0; j < h.length; j++) {
            double x = (j - HALF + 1) - 0.5; // distance from the half-way point, in input samples
            double w = x / HALF;
            double window = besselI0(BETA * Math.sqrt(Math.max(0, 1 - w * w))) / i0Beta;
            h[j] = Math.sin(Math.PI * x) / (Math.PI * x) * window;
            sum += h[j];
        }
        for (int j = 0; j < h.length; j++) {
            h[j] /= sum;
        }
        return h;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 100; k++) {
            term *= (x / 2 / k) * (x / 2 / k);
            sum += term;
        }
        return sum;
    }
}
