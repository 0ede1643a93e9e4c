package io.voicegather.server.sip;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What SIP admission refused since start, and the calls waiting for an answer now. Written by the SIP loop only,
 * readable from any thread (for tests, logs and metrics).
 */
public final class SipAdmissionCounters {
    final AtomicLong datagramsNotAllowed = new AtomicLong();
    final AtomicLong connectionsNotAllowed = new AtomicLong();
    final AtomicLong invitesOverSourceRate = new AtomicLong();
    final AtomicLong invitesOverUnansweredCap = new AtomicLong();
    final AtomicLong invitesWhileNotTakingCalls = new AtomicLong();
    final AtomicLong connectionsOverTotalCap = new AtomicLong();
    final AtomicLong connectionsOverSourceCap = new AtomicLong();
    final AtomicLong connectionsClosedIdle = new AtomicLong();
    final AtomicLong unansweredCalls = new AtomicLong();

    /** UDP datagrams dropped unread because their source is outside --sip-allow. */
    public long datagramsNotAllowed() {
        return datagramsNotAllowed.get();
    }

    /** TCP connections closed at accept because their source is outside --sip-allow. */
    public long connectionsNotAllowed() {
        return connectionsNotAllowed.get();
    }

    /** New INVITEs answered 503 because their source was over its INVITE rate. */
    public long invitesOverSourceRate() {
        return invitesOverSourceRate.get();
    }

    /** New INVITEs answered 503 because too many calls were already waiting for an answer. */
    public long invitesOverUnansweredCap() {
        return invitesOverUnansweredCap.get();
    }

    /** New INVITEs answered 503 because the server was starting or draining. */
    public long invitesWhileNotTakingCalls() {
        return invitesWhileNotTakingCalls.get();
    }

    /** TCP connections closed at accept because the server had as many open as it takes. */
    public long connectionsOverTotalCap() {
        return connectionsOverTotalCap.get();
    }

    /** TCP connections closed at accept because their source had as many open as one source may. */
    public long connectionsOverSourceCap() {
        return connectionsOverSourceCap.get();
    }

    /** TCP connections closed by the timeouts (idle, no first message, stalled message). */
    public long connectionsClosedIdle() {
        return connectionsClosedIdle.get();
    }

    /** INVITE dialogs that have not had their final answer yet. */
    public long unansweredCalls() {
        return unansweredCalls.get();
    }
}
