package io.voicegather.server.sip.sdp;

/** SDP stream direction attributes (RFC 3264 §6.1). */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    /** What an answerer says to this offered direction. */
    public Direction answer() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }

    public String attribute() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
