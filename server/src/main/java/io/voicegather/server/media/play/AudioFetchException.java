package io.voicegather.server.media.play;

/** Fetching or decoding an audio URL failed; {@link #reason()} chooses the playback status to report. */
public class AudioFetchException extends Exception {
    /** NOT_FOUND: the server answered 404 or 410 (status file_not_found); FAILED: anything else (status failed). */
    public enum Reason { NOT_FOUND, FAILED }

    private final Reason reason;

    public AudioFetchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AudioFetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
