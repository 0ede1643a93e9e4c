package io.voicegather.server.media.play;

/**
 * Audio bytes that cannot be played: an unknown container, an unsupported encoding, or a damaged or truncated file.
 * The message says which, in words fit for a log line.
 */
public class AudioDecodeException extends Exception {
    public AudioDecodeException(String message) {
        super(message);
    }

    public AudioDecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
