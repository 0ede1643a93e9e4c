package io.voicegather.server.media.dtmf;

/**
 * The acceptance limits of {@link InbandDtmfDetector}. {@link #DEFAULTS} meets ITU-T Q.24 (see docs/dtmf-detector.md
 * for the measured figures).
 *
 * @param minToneLevelDbm0 each of the two tones must be at least this loud (per-tone level, dBm0)
 * @param maxNormalTwistDb how far the column (high) tone may be above the row (low) tone, dB
 * @param maxReverseTwistDb how far the row (low) tone may be above the column (high) tone, dB
 * @param relativePeakDb how far every other tone of a group must be below that group's strongest, dB
 * @param minPairEnergyFraction the share of the block's total energy the two tones must carry (0..1)
 * @param minStartPairEnergyFraction to start a press, the two tones (their power corrected for the frequency offset
 *     measured from their phase) must carry at least this share of the energy of the two blocks (their shares
 *     averaged); a block the tone covers in k of its 102 samples scores k/102, so this refuses short bursts
 * @param maxFrequencyDeviation how far (as a fraction, 0.025 = 2.5 %) a tone's frequency, measured from its phase
 *     advance between two blocks, may be from nominal; halfway between Q.24's 1.5 % (must accept) and 3.5 % (must
 *     reject). Above 1568 Hz the phase test cannot resolve this and the Goertzel magnitude alone rejects
 * @param hitsToBegin consecutive blocks naming the same key that start a press (at least 2)
 * @param missesToEnd consecutive blocks not naming the held key that end its press
 */
public record DtmfThresholds(
        double minToneLevelDbm0,
        double maxNormalTwistDb,
        double maxReverseTwistDb,
        double relativePeakDb,
        double minPairEnergyFraction,
        double minStartPairEnergyFraction,
        double maxFrequencyDeviation,
        int hitsToBegin,
        int missesToEnd) {

    public static final DtmfThresholds DEFAULTS = new DtmfThresholds(-42, 8.5, 4.5, 8, 0.7, 0.94, 0.025, 2, 3);

    public DtmfThresholds {
        if (maxNormalTwistDb < 0 || maxReverseTwistDb < 0 || relativePeakDb < 0) {
            throw new IllegalArgumentException("twist and relative peak limits are positive dB figures");
        }
        if (!(minPairEnergyFraction > 0 && minPairEnergyFraction <= 1)
                || !(minStartPairEnergyFraction >= 0 && minStartPairEnergyFraction <= 1)) {
            throw new IllegalArgumentException("energy fractions lie in (0, 1]");
        }
        if (!(maxFrequencyDeviation > 0 && maxFrequencyDeviation < 0.1)) {
            throw new IllegalArgumentException("maxFrequencyDeviation must be a small fraction, e.g. 0.025");
        }
        if (hitsToBegin < 2 || missesToEnd < 1) {
            throw new IllegalArgumentException("hitsToBegin >= 2 (the frequency check needs two blocks), missesToEnd >= 1");
        }
    }
}
