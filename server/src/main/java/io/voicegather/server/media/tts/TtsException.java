package io.voicegather.server.media.tts;

/** A prompt could not be rendered; {@link #reason()} says why in a way callers can map to a playback status. */
public class TtsException extends Exception {

    /** Why rendering failed. */
    public enum Reason {
        /** The engine did not answer in time. */
        TIMEOUT,
        /** The engine could not be reached (connection refused, DNS...). */
        UNREACHABLE,
        /** The engine answered with an error status; see {@link TtsException#httpStatus()}. */
        HTTP_STATUS,
        /** The engine answered, but not with audio this server can read. */
        BAD_AUDIO,
        /** The engine itself failed (local synthesiser error, interrupted). */
        ENGINE
    }

    private final Reason reason;
    private final int httpStatus;

    public TtsException(Reason reason, String message) {
        this(reason, message, 0, null);
    }

    public TtsException(Reason reason, String message, Throwable cause) {
        this(reason, message, 0, cause);
    }

    public TtsException(Reason reason, String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.httpStatus = httpStatus;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status for {@link Reason#HTTP_STATUS}, else 0. */
    public int httpStatus() {
        return httpStatus;
    }
}
