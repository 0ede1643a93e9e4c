package io.voicegather.client.errors;

/** A webhook failed verification: missing headers, stale timestamp, bad signature, or no key configured. */
public final class WebhookVerificationException extends VoicegatherException {
    public WebhookVerificationException(String message) {
        super(message);
    }

    public WebhookVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
