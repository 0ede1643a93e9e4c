package io.voicegather.server.media;

/**
 * What one RTP session tells its call. Callbacks run on the media threads: hand work off and return
 * quickly, never block.
 */
public interface MediaListener {
    /** One key press, reported once (at the first packet of the event). */
    void onDigit(char digit, DigitSource source);

    /**
     * Decoded inbound audio, one packet at a time (8 kHz, 16-bit). The array is the session's scratch buffer,
     * reused for the next packet: copy what you keep. Called on the receive thread.
     */
    default void onAudio(short[] pcm, int offset, int length) {
    }

    /** No RTP arrived for the configured RTP timeout after media had started. */
    void onRtpTimeout();
}
