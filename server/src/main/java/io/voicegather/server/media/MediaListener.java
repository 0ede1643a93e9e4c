package io.voicegather.server.media;

/**
 * What one RTP session tells its call. Callbacks run on the media threads: hand work off and return
 * quickly, never block.
 *
 * <p>Time: {@code arrivalMillis} is when the packet that carried the digit or the audio was read from its socket,
 * in milliseconds of the engine's clock, the same {@link java.time.Clock} the call layer judges digits by (see
 * "When a key arrived" in docs/gather-semantics.md). It is taken on the receive thread before any hand-off, so a
 * busy call strand never shifts it.
 */
public interface MediaListener {
    /** One key press, reported once (at the first packet of the event, or when the tone was recognised). */
    void onDigit(char digit, DigitSource source, long arrivalMillis);

    /**
     * Decoded inbound audio, one packet at a time (8 kHz, 16-bit). The array is the session's scratch buffer,
     * reused for the next packet: copy what you keep. Called on the receive thread.
     */
    default void onAudio(short[] pcm, int offset, int length, long arrivalMillis) {
    }

    /** No RTP arrived for the configured RTP timeout after media had started. */
    void onRtpTimeout();
}
