package io.voicegather.server.sip;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who gets an answer and who gets a call, before any call exists (docs/robustness.md):
 * <ul>
 *   <li>a datagram or a connection from outside the allow list is dropped unread (no response at all);</li>
 *   <li>a new INVITE over its source's rate, or while {@code maxUnansweredCalls} calls wait for their final answer,
 *   is answered 503 with Retry-After, statelessly (no transaction, no dialog, no call, no webhook).</li>
 * </ul>
 * Every refusal is counted in {@link SipAdmissionCounters} and logged at most once a minute per kind. Loop thread
 * only, but for the counters.
 */
final class SipAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(SipAdmission.class);
    /** Refusals of one kind are logged at most this often, so a flood cannot flood the log. */
    static final long WARNING_INTERVAL_MILLIS = 60_000;
    /** Retry-After of a 503 for the unanswered-calls cap: those calls end within the answer timeout anyway. */
    static final int CAP_RETRY_AFTER_SECONDS = 5;

    private final SipAdmissionSettings settings;
    private final SipAdmissionCounters counters;
    private final InviteRateLimiter rate;
    private final LongSupplier nanoClock;
    private final ThrottledWarning notAllowed = warning("datagram(s) and connection(s) from outside --sip-allow (dropped)");
    private final ThrottledWarning overRate = warning("INVITE(s) over the per-source rate (503)");
    private final ThrottledWarning overCap = warning("INVITE(s) over --sip-max-unanswered-calls (503)");
    private final ThrottledWarning tcpTotal = warning("TCP connection(s) over --sip-tcp-max-connections");
    private final ThrottledWarning tcpSource = warning("TCP connection(s) over --sip-tcp-max-connections-per-source");

    SipAdmission(SipAdmissionSettings settings, SipAdmissionCounters counters, LongSupplier nanoClock) {
        this.settings = settings;
        this.counters = counters;
        this.nanoClock = nanoClock;
        this.rate = new InviteRateLimiter(settings.invitesPerSecondPerSource(), settings.inviteBurstPerSource(),
                InviteRateLimiter.DEFAULT_MAX_SOURCES);
    }

    /** The default limits, everyone allowed, on the system clock. */
    static SipAdmission defaults() {
        return new SipAdmission(SipAdmissionSettings.DEFAULTS, new SipAdmissionCounters(), System::nanoTime);
    }

    private static ThrottledWarning warning(String what) {
        return new ThrottledWarning(LOG, what, WARNING_INTERVAL_MILLIS);
    }

    SipAdmissionSettings settings() {
        return settings;
    }

    SipAdmissionCounters counters() {
        return counters;
    }

    /** Whether a datagram from this source is read at all; counts and logs the ones that are not. */
    boolean allowsDatagram(InetSocketAddress source) {
        return allows(source, counters.datagramsNotAllowed);
    }

    /** Whether a connection from this source is kept; counts and logs the ones that are not. */
    boolean allowsConnection(InetSocketAddress source) {
        return allows(source, counters.connectionsNotAllowed);
    }

    private boolean allows(InetSocketAddress source, AtomicLong refusals) {
        if (settings.allow().allows(source.getAddress())) {
            return true;
        }
        refused(source, refusals, notAllowed);
        return false;
    }

    void refusedOverTotalConnections(InetSocketAddress source) {
        refused(source, counters.connectionsOverTotalCap, tcpTotal);
    }

    void refusedOverSourceConnections(InetSocketAddress source) {
        refused(source, counters.connectionsOverSourceCap, tcpSource);
    }

    private void refused(InetSocketAddress source, AtomicLong count, ThrottledWarning warning) {
        count.incrementAndGet();
        warning.record(source, millis());
    }

    void closedIdle() {
        counters.connectionsClosedIdle.incrementAndGet();
    }

    /**
     * A new INVITE (not a retransmission, not a re-INVITE) from this source.
     *
     * @return 0 when it may become a call, else the Retry-After seconds of the 503 it gets instead
     */
    /** Retry-After of the 503 a starting or draining server gives new INVITEs and OPTIONS probes. */
    static final int NOT_TAKING_CALLS_RETRY_AFTER = 5;

    /**
     * Whether new calls are taken at all: false while the server starts or drains, when a new INVITE and an
     * out-of-dialog OPTIONS get 503 (a proxy in front then sends calls to another node). Set by any thread.
     */
    private volatile boolean takingCalls = true;

    void takeCalls(boolean yes) {
        takingCalls = yes;
    }

    boolean takingCalls() {
        return takingCalls;
    }

    /** A new INVITE refused because calls are not taken now (starting, draining). */
    int refuseWhileNotTakingCalls() {
        counters.invitesWhileNotTakingCalls.incrementAndGet();
        return NOT_TAKING_CALLS_RETRY_AFTER;
    }

    int admitInvite(InetSocketAddress source) {
        long wait = rate.tryAcquire(source.getAddress(), nanoClock.getAsLong());
        if (wait > 0) {
            refused(source, counters.invitesOverSourceRate, overRate);
            return (int) Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
        }
        if (counters.unansweredCalls.get() >= settings.maxUnansweredCalls()) {
            refused(source, counters.invitesOverUnansweredCap, overCap);
            return CAP_RETRY_AFTER_SECONDS;
        }
        return 0;
    }

    /** A dialog now waits for its final answer. */
    void callWaiting() {
        counters.unansweredCalls.incrementAndGet();
    }

    /** A waiting dialog got its final answer, or ended without one. */
    void callNoLongerWaiting() {
        counters.unansweredCalls.decrementAndGet();
    }

    /** Writes the refusals not yet logged once their interval has passed; run periodically. */
    void flushWarnings() {
        long now = millis();
        notAllowed.flush(now);
        overRate.flush(now);
        overCap.flush(now);
        tcpTotal.flush(now);
        tcpSource.flush(now);
    }

    private long millis() {
        return nanoClock.getAsLong() / 1_000_000;
    }
}
