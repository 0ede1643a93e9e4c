package io.voicegather.server.ai.stt;

/**
 * What the caller said, as cut by the voice activity detector.
 *
 * @param pcm      8 kHz mono 16-bit samples (owned by the recogniser once passed; not modified by it)
 * @param language ISO 639-1 hint such as {@code en}, or null for automatic
 * @param expected what the question asked for, so a grammar recogniser can constrain itself; null in free talk
 */
public record Utterance(short[] pcm, String language, ExpectedAnswer expected) {
    public static final int SAMPLE_RATE = 8000;

    public long durationMillis() {
        return pcm.length / (SAMPLE_RATE / 1000);
    }
}
