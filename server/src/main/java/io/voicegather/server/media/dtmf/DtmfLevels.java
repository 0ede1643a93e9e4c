package io.voicegather.server.media.dtmf;

/**
 * Converts between dBm0 and 16-bit linear sample power, for signals that pass through G.711.
 *
 * <p>G.711's overload point (a full-scale sine, peak 32767 in 16-bit linear) is +3.14 dBm0 (A-law; μ-law is +3.17,
 * the 0.03 dB difference is ignored), so a sine of level L dBm0 has peak amplitude 32767 * 10^((L - 3.14) / 20)
 * and mean power (amplitude squared over two) 32767^2 / 2 * 10^((L - 3.14) / 10).
 */
public final class DtmfLevels {
    /** Level of a full-scale sine. */
    public static final double FULL_SCALE_SINE_DBM0 = 3.14;
    private static final double FULL_SCALE = 32767.0;

    private DtmfLevels() {
    }

    /** Peak amplitude of a sine at {@code dbm0}. */
    public static double sineAmplitude(double dbm0) {
        return FULL_SCALE * Math.pow(10, (dbm0 - FULL_SCALE_SINE_DBM0) / 20);
    }

    /** Mean power (mean of the squared samples) of a sine at {@code dbm0}. */
    public static double dbm0ToPower(double dbm0) {
        double amplitude = sineAmplitude(dbm0);
        return amplitude * amplitude / 2;
    }

    /** Level in dBm0 of a signal whose mean squared sample is {@code power}. */
    public static double powerToDbm0(double power) {
        return 10 * Math.log10(power / (FULL_SCALE * FULL_SCALE / 2)) + FULL_SCALE_SINE_DBM0;
    }
}
