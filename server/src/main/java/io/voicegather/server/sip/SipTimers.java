package io.voicegather.server.sip;

/**
 * RFC 3261 timer base values in milliseconds. T1 is the RTT estimate (default 500), T2 the cap for
 * retransmission intervals (default 4000), T4 how long a message may linger in the network (default 5000).
 * Tests shrink them; everything else derives from them (Timer B/F/H/J/L = 64*T1, 2xx retransmission from T1
 * doubling up to T2, Timer I = T4).
 */
public record SipTimers(long t1Millis, long t2Millis, long t4Millis) {
    public static final SipTimers DEFAULT = new SipTimers(500, 4000, 5000);

    public SipTimers {
        if (t1Millis <= 0 || t2Millis < t1Millis || t4Millis < 0) {
            throw new IllegalArgumentException("need 0 < T1 <= T2 and T4 >= 0");
        }
    }

    /** 64*T1: Timers B, F, H, J, L and the wait for the ACK of a 2xx. */
    public long transactionTimeoutMillis() {
        return 64 * t1Millis;
    }

    /** The next retransmission interval after {@code current}: doubled, capped at T2. */
    long next(long current) {
        return Math.min(current * 2, t2Millis);
    }
}
