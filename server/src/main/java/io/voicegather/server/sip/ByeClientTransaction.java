package io.voicegather.server.sip;

import java.util.concurrent.ScheduledFuture;

/**
 * The non-INVITE client transaction for a BYE we send (RFC 3261 §17.1.2): over UDP it is retransmitted with
 * Timer E (T1 doubling to T2; T2 once a provisional arrived) until a final response or Timer F (64*T1).
 * Loop thread only.
 */
final class ByeClientTransaction {
    private final UasCore core;
    final String branch;
    private final byte[] request;
    private final SipFlow flow;
    private long interval;
    private boolean done;
    private ScheduledFuture<?> timerE;
    private ScheduledFuture<?> timerF;

    ByeClientTransaction(UasCore core, String branch, byte[] request, SipFlow flow) {
        this.core = core;
        this.branch = branch;
        this.request = request;
        this.flow = flow;
    }

    void start() {
        flow.send(request);
        if (!flow.reliable()) {
            interval = core.timers().t1Millis();
            timerE = core.loop().schedule(interval, this::retransmit);
        }
        timerF = core.loop().schedule(core.timers().transactionTimeoutMillis(), this::finish);
    }

    private void retransmit() {
        if (done) {
            return;
        }
        flow.send(request);
        interval = core.timers().next(interval);
        timerE = core.loop().schedule(interval, this::retransmit);
    }

    void onResponse(SipMessage response) {
        if (done) {
            return;
        }
        if (response.statusCode() < 200) {
            interval = core.timers().t2Millis() / 2; // next() doubles it back to T2
            return;
        }
        finish();
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        if (timerE != null) {
            timerE.cancel(false);
        }
        if (timerF != null) {
            timerF.cancel(false);
        }
        core.removeClientTransaction(branch);
    }
}
