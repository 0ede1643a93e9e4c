package io.voicegather.server.media;

/**
 * What one RTP session tells its call. Callbacks run on the media threads: hand work off and return
 * quickly, never block.
 */
public interface MediaListener {
    /** One key press, reported once (at the first packet of the event). */
    void onDigit(char digit, DigitSource source);

    /** No RTP arrived for the configured RTP timeout after media had started. */
    void onRtpTimeout();
}
