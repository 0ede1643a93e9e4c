package io.voicegather.server.gather;

/** The {@code status} of call.gather.ended. */
public enum GatherStatus {
    VALID("valid"), INVALID("invalid"), CALL_HANGUP("call_hangup"), CANCELLED("cancelled"), TIMEOUT("timeout");

    private final String wire;

    GatherStatus(String wire) {
        this.wire = wire;
    }

    /** The value as it appears in the webhook. */
    public String wire() {
        return wire;
    }
}
