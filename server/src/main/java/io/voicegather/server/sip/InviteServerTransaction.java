package io.voicegather.server.sip;

import java.util.concurrent.ScheduledFuture;

/**
 * RFC 3261 §17.2.1 with RFC 6026: absorbs INVITE retransmissions by resending the last response, retransmits a
 * non-2xx final over UDP (Timer G) until the ACK (Timer H gives up), absorbs ACK retransmissions (Timer I) and
 * lingers after a 2xx (Timer L). 2xx retransmission itself belongs to the dialog. Loop thread only.
 */
final class InviteServerTransaction {
    enum State { PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

    private final UasCore core;
    final String key;
    final SipMessage request;
    final SipFlow flow;
    /** The dialog an initial INVITE created (CANCEL targets it); null for re-INVITEs. */
    InviteDialog dialog;
    private State state = State.PROCEEDING;
    private byte[] lastResponse;
    private long interval;
    private ScheduledFuture<?> retransmitTimer;
    private ScheduledFuture<?> endTimer;

    InviteServerTransaction(UasCore core, String key, SipMessage request, SipFlow flow) {
        this.core = core;
        this.key = key;
        this.request = request;
        this.flow = flow;
    }

    State state() {
        return state;
    }

    boolean isFinal() {
        return state != State.PROCEEDING;
    }

    /** A retransmitted INVITE arrived. */
    void onRetransmission() {
        if (lastResponse != null && state != State.TERMINATED) {
            flow.send(lastResponse);
        }
    }

    void sendProvisional(SipMessage response) {
        if (state == State.PROCEEDING) {
            lastResponse = response.toBytes();
            flow.send(lastResponse);
        }
    }

    /** Sends the 2xx once; the dialog retransmits it. The transaction lingers 64*T1 to absorb retransmissions. */
    void send2xx(byte[] response) {
        if (state != State.PROCEEDING) {
            return;
        }
        state = State.ACCEPTED;
        lastResponse = response;
        flow.send(response);
        endTimer = core.loop().schedule(core.timers().transactionTimeoutMillis(), this::terminate);
    }

    void sendFinal(SipMessage response) {
        if (state != State.PROCEEDING) {
            return;
        }
        state = State.COMPLETED;
        lastResponse = response.toBytes();
        flow.send(lastResponse);
        if (!flow.reliable()) {
            interval = core.timers().t1Millis();
            retransmitTimer = core.loop().schedule(interval, this::timerG);
        }
        endTimer = core.loop().schedule(core.timers().transactionTimeoutMillis(), this::terminate);
    }

    private void timerG() {
        if (state != State.COMPLETED) {
            return;
        }
        flow.send(lastResponse);
        interval = core.timers().next(interval);
        retransmitTimer = core.loop().schedule(interval, this::timerG);
    }

    /** An ACK with this transaction's branch; true when it was for our non-2xx final and is absorbed. */
    boolean onAck() {
        if (state == State.CONFIRMED) {
            return true;
        }
        if (state != State.COMPLETED) {
            return false;
        }
        state = State.CONFIRMED;
        cancel(retransmitTimer);
        cancel(endTimer);
        long timerI = flow.reliable() ? 0 : core.timers().t4Millis();
        endTimer = core.loop().schedule(timerI, this::terminate);
        return true;
    }

    void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancel(retransmitTimer);
        cancel(endTimer);
        core.removeInviteTransaction(this);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
