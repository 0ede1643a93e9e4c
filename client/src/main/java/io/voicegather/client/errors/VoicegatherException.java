package io.voicegather.client.errors;

/** The root of every exception the client throws. */
public class VoicegatherException extends RuntimeException {
    public VoicegatherException(String message) {
        super(message);
    }

    public VoicegatherException(String message, Throwable cause) {
        super(message, cause);
    }
}
