package io.voicegather.client.errors;

/** The server could not be reached or did not answer in time, on every attempt. */
public final class VoicegatherIoException extends VoicegatherException {
    public VoicegatherIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
