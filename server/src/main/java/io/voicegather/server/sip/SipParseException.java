package io.voicegather.server.sip;

/**
 * The only exception {@link SipParser} throws. When the start line and enough headers were readable,
 * {@link #partial()} holds what was parsed so the stack can still answer 400 or 513.
 */
public final class SipParseException extends Exception {
    private final transient SipMessage partial;
    private final int suggestedStatus;

    public SipParseException(String message) {
        this(message, null, 400);
    }

    public SipParseException(String message, SipMessage partial, int suggestedStatus) {
        super(message, null, false, false); // no stack trace: cheap to throw on garbage input
        this.partial = partial;
        this.suggestedStatus = suggestedStatus;
    }

    /** The message as far as it could be parsed, or null when not even the start line was valid. */
    public SipMessage partial() {
        return partial;
    }

    /** 400 for syntax errors, 513 for messages over the limits. */
    public int suggestedStatus() {
        return suggestedStatus;
    }
}
