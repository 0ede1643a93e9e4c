package io.voicegather.server.sip;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One incoming INVITE and the dialog it creates. The public {@link InviteSession} methods may be called from
 * any thread: they only post onto the SIP loop. Everything else runs on the loop.
 *
 * <p>States: PROCEEDING (100 sent, maybe 180) → ANSWERED (2xx sent, retransmitted until ACK) → CONFIRMED
 * (ACK received) → TERMINATED (BYE either way, reject, CANCEL or ACK timeout). A terminated dialog lingers for
 * 64*T1 so that late retransmissions (BYE, ACK) are still answered correctly.
 */
final class InviteDialog implements InviteSession {
    enum State { PROCEEDING, ANSWERED, CONFIRMED, TERMINATED }

    private final UasCore core;
    private final String callId;
    private final String fromUri;
    private final String fromDisplayName;
    private final String toUri;
    private final String offerSdp;
    private final InetSocketAddress remoteAddress;
    private final SipFlow flow;

    final String localTag;
    final String remoteTag;
    /** The From header of the INVITE (remote identity, with its tag); our To in requests we send. */
    final String remoteFromHeader;
    /** The To header of the INVITE without a tag; our From (plus localTag) in requests we send. */
    final String localToHeader;
    final List<String> recordRoutes;
    String remoteTarget;
    long remoteCseq;
    long localCseq = 1;
    String localSdp;

    private final InviteServerTransaction initialTransaction;
    private State state = State.PROCEEDING;
    private Pending2xx pending;

    /** A 2xx we keep retransmitting until the ACK with its CSeq arrives. */
    private static final class Pending2xx {
        final long cseq;
        final byte[] bytes;
        final boolean initial;
        long interval;
        ScheduledFuture<?> retransmit;
        ScheduledFuture<?> timeout;

        Pending2xx(long cseq, byte[] bytes, boolean initial) {
            this.cseq = cseq;
            this.bytes = bytes;
            this.initial = initial;
        }
    }

    InviteDialog(UasCore core, SipMessage invite, SipFlow flow, InviteServerTransaction tx, String localTag) {
        this.core = core;
        this.flow = flow;
        this.initialTransaction = tx;
        this.localTag = localTag;
        this.callId = invite.callId();
        NameAddress from = NameAddress.parse(invite.header("From"));
        NameAddress to = NameAddress.parse(invite.header("To"));
        this.fromUri = from == null ? null : from.uri();
        this.fromDisplayName = from == null ? null : from.displayName();
        this.toUri = to == null ? invite.requestUri() : to.uri();
        this.remoteTag = from == null ? null : from.tag();
        this.remoteFromHeader = invite.header("From");
        this.localToHeader = invite.header("To");
        this.offerSdp = invite.bodyText();
        this.remoteAddress = flow.remote();
        this.recordRoutes = List.copyOf(invite.headerValues("Record-Route"));
        this.remoteCseq = invite.cseq().number();
        updateRemoteTarget(invite);
    }

    void updateRemoteTarget(SipMessage request) {
        NameAddress contact = NameAddress.parse(request.header("Contact"));
        if (contact != null) {
            remoteTarget = contact.uri();
        } else if (remoteTarget == null) {
            remoteTarget = fromUri;
        }
    }

    State state() {
        return state;
    }

    SipFlow flow() {
        return flow;
    }

    boolean isEstablished() {
        return state == State.ANSWERED || state == State.CONFIRMED;
    }

    // ---- InviteSession: accessors are immutable, actions post onto the loop ----

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public String fromUri() {
        return fromUri;
    }

    @Override
    public String fromDisplayName() {
        return fromDisplayName;
    }

    @Override
    public String toUri() {
        return toUri;
    }

    @Override
    public String offerSdp() {
        return offerSdp;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String transport() {
        return flow.transport();
    }

    @Override
    public void ringing() {
        core.loop().execute(this::doRinging);
    }

    @Override
    public void answer(String sdpAnswer, List<ExtraHeader> extraHeaders) {
        List<ExtraHeader> headers = List.copyOf(extraHeaders);
        core.loop().execute(() -> doAnswer(sdpAnswer, headers));
    }

    @Override
    public void reject(int status, String reason) {
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("reject needs a 3xx-6xx status: " + status);
        }
        core.loop().execute(() -> doReject(status, reason));
    }

    @Override
    public void bye() {
        core.loop().execute(this::doBye);
    }

    @Override
    public String toString() {
        return "InviteSession[" + callId + ", " + state + "]";
    }

    // ---- loop thread ----

    private void doRinging() {
        if (state == State.PROCEEDING && !initialTransaction.isFinal()) {
            initialTransaction.sendProvisional(core.responseTo(initialTransaction.request, 180, "Ringing", this));
        }
    }

    private void doAnswer(String sdp, List<ExtraHeader> extraHeaders) {
        if (state != State.PROCEEDING || initialTransaction.isFinal()) {
            return;
        }
        state = State.ANSWERED;
        core.noLongerWaiting(this);
        localSdp = sdp;
        SipMessage response = core.okWithSdp(initialTransaction.request, this, sdp);
        for (ExtraHeader h : extraHeaders) {
            response.addHeader(h.name(), h.value());
        }
        byte[] ok = response.toBytes();
        initialTransaction.send2xx(ok);
        start2xxRetransmission(new Pending2xx(initialTransaction.request.cseq().number(), ok, true));
    }

    private void doReject(int status, String reason) {
        if (state != State.PROCEEDING || initialTransaction.isFinal()) {
            return;
        }
        SipMessage response = core.responseTo(initialTransaction.request, status, reason, this);
        if (status == 503) {
            response.setHeader("Retry-After", "5"); // a 503 of ours always says when to try again
        }
        initialTransaction.sendFinal(response);
        terminate();
    }

    void doBye() {
        if (state == State.PROCEEDING) {
            doReject(480, "Temporarily Unavailable");
        } else if (isEstablished()) {
            terminate();
            core.sendBye(this);
        }
    }

    /** CANCEL matched our INVITE transaction before a final response: 487 and done. */
    boolean cancel() {
        if (state != State.PROCEEDING || initialTransaction.isFinal()) {
            return false;
        }
        initialTransaction.sendFinal(core.responseTo(initialTransaction.request, 487, "Request Terminated", this));
        terminate();
        return true;
    }

    /** A 2xx to a re-INVITE, retransmitted like the first until its ACK. */
    void sendReinvite2xx(InviteServerTransaction tx, byte[] ok, long cseq) {
        tx.send2xx(ok);
        start2xxRetransmission(new Pending2xx(cseq, ok, false));
    }

    boolean reinviteInProgress() {
        return pending != null;
    }

    private void start2xxRetransmission(Pending2xx p) {
        stopPending();
        pending = p;
        if (!flow.reliable()) {
            p.interval = core.timers().t1Millis();
            p.retransmit = core.loop().schedule(p.interval, () -> retransmit2xx(p));
        }
        p.timeout = core.loop().schedule(core.timers().transactionTimeoutMillis(), () -> ackTimeout(p));
    }

    private void retransmit2xx(Pending2xx p) {
        if (pending != p) {
            return;
        }
        flow.send(p.bytes);
        p.interval = core.timers().next(p.interval);
        p.retransmit = core.loop().schedule(p.interval, () -> retransmit2xx(p));
    }

    private void ackTimeout(Pending2xx p) {
        if (pending != p) {
            return;
        }
        stopPending();
        if (isEstablished()) {
            terminate();
            core.sendBye(this);
            core.notifyAckTimeout(this);
        }
    }

    private void stopPending() {
        if (pending != null) {
            if (pending.retransmit != null) {
                pending.retransmit.cancel(false);
            }
            if (pending.timeout != null) {
                pending.timeout.cancel(false);
            }
            pending = null;
        }
    }

    /** An ACK for a 2xx in this dialog; true when it acknowledged the initial INVITE (first time). */
    boolean onAck(long cseq) {
        if (pending == null || pending.cseq != cseq) {
            return false;
        }
        boolean initial = pending.initial;
        stopPending();
        if (initial && state == State.ANSWERED) {
            state = State.CONFIRMED;
            return true;
        }
        return false;
    }

    /** The remote side hung up (BYE answered by the core). */
    void remoteBye() {
        if (state == State.PROCEEDING && !initialTransaction.isFinal()) {
            initialTransaction.sendFinal(core.responseTo(initialTransaction.request, 487, "Request Terminated", this));
        }
        terminate();
    }

    void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        if (state == State.PROCEEDING) {
            core.noLongerWaiting(this);
        }
        state = State.TERMINATED;
        stopPending();
        core.dialogTerminated(this);
    }
}
