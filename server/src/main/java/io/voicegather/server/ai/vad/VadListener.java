package io.voicegather.server.ai.vad;

/**
 * Receives utterance boundaries from a {@link VoiceActivityDetector}. Called synchronously on the thread that feeds the
 * detector, inside {@code process}; implementations must be quick and must not call back into the detector.
 * Sample indexes count from the first sample the detector was given (8000 per second: milliseconds = index / 8).
 */
public interface VadListener {
    /** Speech began; {@code startSample} is the first sample of the first frame of the qualifying run. */
    void speechStarted(long startSample);

    /** The utterance that began at {@code startSample} ended at {@code endSample} (exclusive, end of its last speech frame). */
    void speechEnded(long startSample, long endSample);
}
