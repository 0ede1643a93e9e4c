package io.voicegather.server.media.tts;

/**
 * The SSML payload cannot be understood (not well-formed XML, a DTD, a bad {@code <break time>}...). The message is
 * meant for the API caller; the command layer answers 422 with {@code source.pointer} {@code /payload} (or
 * {@code /invalid_payload}).
 */
public final class SsmlException extends IllegalArgumentException {
    public SsmlException(String message) {
        super(message);
    }

    public SsmlException(String message, Throwable cause) {
        super(message, cause);
    }
}
