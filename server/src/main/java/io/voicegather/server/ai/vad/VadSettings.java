package io.voicegather.server.ai.vad;

/**
 * Tuning of a {@link VoiceActivityDetector}. Levels are in dBFS (0 dBFS = the mean power of a full-scale square wave,
 * so a full-scale sine is -3 dBFS); durations are in 20 ms frames.
 *
 * @param startAboveFloorDb   a frame counts as speech to start an utterance when it is this far above the noise floor
 * @param continueAboveFloorDb inside an utterance a frame keeps it alive when this far above the floor (hysteresis)
 * @param minSpeechDbfs       absolute gate: quieter frames are never speech, however low the floor (digital silence)
 * @param startFrames         consecutive speech frames needed to start an utterance (start hangover)
 * @param endFrames           consecutive non-speech frames that end an utterance (end hangover)
 * @param warmupFrames        frames at the start used only to learn the floor (no detection meanwhile)
 * @param floorRiseDbPerSecond how fast the floor climbs towards louder frames; slow, so speech does not lift it much
 * @param floorFallFraction   fraction of the gap closed per frame when a frame is quieter than the floor; fast
 * @param stationaryFluxDb    when the smoothed frame-to-frame level change is below this the signal is steady noise,
 *                            and the floor rises as fast as it falls (a step up in background noise is learnt quickly)
 * @param initialFloorDbfs    floor assumed before the warm-up has seen anything
 * @param lowestFloorDbfs     the floor never sinks below this
 * @param rejectTones         treat strongly predictable frames (steady single tones, DTMF pairs) as non-speech
 * @param tonePredictionGainDb a frame whose 4th-order linear prediction gain exceeds this is a tone
 */
public record VadSettings(
        double startAboveFloorDb,
        double continueAboveFloorDb,
        double minSpeechDbfs,
        int startFrames,
        int endFrames,
        int warmupFrames,
        double floorRiseDbPerSecond,
        double floorFallFraction,
        double stationaryFluxDb,
        double initialFloorDbfs,
        double lowestFloorDbfs,
        boolean rejectTones,
        double tonePredictionGainDb) {

    /** 20 ms at 8 kHz. */
    public static final int FRAME_SAMPLES = 160;

    /** Defaults: 9 dB to start, 6 dB to continue, 60 ms to start, 600 ms to end, 200 ms warm-up, 3 dB/s rise. */
    public static VadSettings defaults() {
        return new VadSettings(9, 6, -55, 3, 30, 10, 3, 0.2, 1.5, -60, -90, true, 20);
    }

    public VadSettings {
        if (startFrames < 1 || endFrames < 1 || warmupFrames < 0) {
            throw new IllegalArgumentException("startFrames and endFrames must be >= 1, warmupFrames >= 0");
        }
        if (continueAboveFloorDb > startAboveFloorDb) {
            throw new IllegalArgumentException("continueAboveFloorDb must not exceed startAboveFloorDb");
        }
        if (floorFallFraction <= 0 || floorFallFraction > 1 || floorRiseDbPerSecond < 0) {
            throw new IllegalArgumentException("floorFallFraction must be in (0, 1], floorRiseDbPerSecond >= 0");
        }
    }

    public VadSettings withEndFrames(int frames) {
        return new VadSettings(startAboveFloorDb, continueAboveFloorDb, minSpeechDbfs, startFrames, frames, warmupFrames,
                floorRiseDbPerSecond, floorFallFraction, stationaryFluxDb, initialFloorDbfs, lowestFloorDbfs, rejectTones,
                tonePredictionGainDb);
    }

    public VadSettings withRejectTones(boolean reject) {
        return new VadSettings(startAboveFloorDb, continueAboveFloorDb, minSpeechDbfs, startFrames, endFrames,
                warmupFrames, floorRiseDbPerSecond, floorFallFraction, stationaryFluxDb, initialFloorDbfs, lowestFloorDbfs, reject,
                tonePredictionGainDb);
    }
}
