package io.voicegather.server.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user agent server core: matches requests to transactions and dialogs and answers them. Runs only on the
 * SIP loop; every message is handled inside its own catch so no input can break the loop or a dialog.
 */
final class UasCore implements InboundSink {
    private static final Logger LOG = LoggerFactory.getLogger(UasCore.class);
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO";
    static final String ACCEPT = "application/sdp, application/dtmf-relay, application/dtmf";
    static final String SERVER = "voicegather";
    private static final java.util.Set<String> KNOWN_METHODS =
            java.util.Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "INFO");

    private final SipLoop loop;
    private final SipTimers timers;
    private final SipCallHandler handler;
    private final String advertisedHost;
    private final SipAdmission admission;
    private UdpTransport udp;
    private int port;

    private final Map<String, InviteServerTransaction> inviteTransactions = new HashMap<>();
    private final Map<String, byte[]> nonInviteResponses = new HashMap<>();
    private final Map<String, InviteDialog> dialogs = new HashMap<>();
    private final Map<String, ByeClientTransaction> clientTransactions = new HashMap<>();
    /** Work to run after the current final response went out (callbacks, a 487 after the CANCEL's 200). */
    private Runnable afterResponse;
    private SipTrace trace = SipTrace.NONE;

    UasCore(SipLoop loop, SipTimers timers, SipCallHandler handler, String advertisedHost) {
        this(loop, timers, handler, advertisedHost, SipAdmission.defaults());
    }

    /** @param admission decides which new INVITEs may become calls, and counts the calls waiting for an answer */
    UasCore(SipLoop loop, SipTimers timers, SipCallHandler handler, String advertisedHost, SipAdmission admission) {
        this.loop = loop;
        this.timers = timers;
        this.handler = handler;
        this.advertisedHost = advertisedHost;
        this.admission = admission;
    }

    /** Before the first message: who is told of each dialog's messages. */
    void trace(SipTrace trace) {
        this.trace = trace;
    }

    void attach(UdpTransport udp, int port) {
        this.udp = udp;
        this.port = port;
    }

    SipLoop loop() {
        return loop;
    }

    SipTimers timers() {
        return timers;
    }

    int dialogCount() {
        return dialogs.size();
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void onMessage(byte[] data, int off, int len, SipFlow flow) {
        SipMessage msg;
        try {
            msg = SipParser.parse(data, off, len);
        } catch (SipParseException e) {
            LOG.debug("unparseable message from {}: {}", flow.remote(), e.getMessage());
            answerMalformed(e, flow);
            return;
        }
        if (trace != SipTrace.NONE && msg.callId() != null) {
            trace.message(msg.callId(), true, SipTrace.summary(msg), flow.remote());
            flow = TracedFlow.of(flow, msg.callId(), trace); // what we answer on it, and the dialog's later sends
        }
        try {
            if (msg.isRequest()) {
                onRequest(msg, flow);
            } else {
                onResponse(msg);
            }
        } catch (RuntimeException e) {
            LOG.debug("failed to handle message from {}", flow.remote(), e);
        }
    }

    private void answerMalformed(SipParseException e, SipFlow flow) {
        SipMessage partial = e.partial();
        if (partial == null || !partial.isRequest() || partial.method().equals("ACK") || !answerable(partial)) {
            return;
        }
        try {
            applyRport(partial, flow);
            int status = e.suggestedStatus();
            flow.send(responseTo(partial, status, status == 513 ? "Message Too Large" : "Bad Request", null)
                    .toBytes());
        } catch (RuntimeException ex) {
            LOG.debug("could not answer malformed request", ex);
        }
    }

    /** Enough headers to build a response. */
    private static boolean answerable(SipMessage m) {
        return Via.parse(m.topVia()) != null && m.header("From") != null && m.header("To") != null
                && m.callId() != null && m.header("CSeq") != null;
    }

    private void onRequest(SipMessage req, SipFlow flow) {
        if (!answerable(req)) {
            LOG.debug("dropping request without mandatory headers from {}", flow.remote());
            return;
        }
        applyRport(req, flow);
        String method = req.method(); // methods are case-sensitive (RFC 3261 §7.1)
        SipMessage.CSeq cseq = req.cseq();
        if (cseq == null || !cseq.method().equalsIgnoreCase(method)) {
            if (!method.equals("ACK")) {
                reply(req, flow, 400, "Bad CSeq");
            }
            return;
        }
        switch (method) {
            case "ACK" -> onAckRequest(req);
            case "INVITE" -> onInviteRequest(req, flow);
            default -> onNonInviteRequest(req, flow, method);
        }
    }

    /** RFC 3581: record where the request really came from; responses go to that address and port. */
    private static void applyRport(SipMessage req, SipFlow flow) {
        Via via = Via.parse(req.topVia());
        if (via == null) {
            return;
        }
        InetSocketAddress src = flow.remote();
        String srcHost = src.getAddress().getHostAddress();
        boolean changed = false;
        if (via.hasParam("rport")) {
            via.setParam("rport", Integer.toString(src.getPort()));
            changed = true;
        }
        if (changed || !srcHost.equals(via.host())) {
            via.setParam("received", srcHost);
            changed = true;
        }
        if (changed) {
            req.headers().replaceFirst("Via", via.toString());
        }
    }

    /** Transaction key: the RFC 3261 branch plus sent-by, or a fallback for RFC 2543 peers. */
    private static String transactionKey(SipMessage req) {
        Via via = Via.parse(req.topVia());
        String branch = via == null ? null : via.branch();
        if (branch != null && branch.startsWith("z9hG4bK")) {
            return branch + "|" + via.host() + ":" + via.port();
        }
        NameAddress from = NameAddress.parse(req.header("From"));
        SipMessage.CSeq cseq = req.cseq();
        return req.callId() + "|" + (from == null ? "" : from.tag()) + "|" + (cseq == null ? "" : cseq.number())
                + "|" + (via == null ? "" : via.toString());
    }

    private void onInviteRequest(SipMessage req, SipFlow flow) {
        String key = transactionKey(req);
        InviteServerTransaction existing = inviteTransactions.get(key);
        if (existing != null) {
            existing.onRetransmission();
            return;
        }
        NameAddress to = NameAddress.parse(req.header("To"));
        NameAddress from = NameAddress.parse(req.header("From"));
        if (to == null || from == null) {
            reply(req, flow, 400, "Bad From or To");
            return;
        }
        if (to.tag() != null) {
            onReinvite(req, flow, key, to.tag(), from);
            return;
        }
        int retryAfter = admission.takingCalls() ? admission.admitInvite(flow.remote())
                : admission.refuseWhileNotTakingCalls();
        if (retryAfter > 0) {
            // Stateless (RFC 3261 §8.2.7, no transaction): a flood must not buy retransmission timers; a
            // retransmitted INVITE is simply judged again.
            SipMessage busy = responseTo(req, 503, "Service Unavailable", null);
            busy.setHeader("Retry-After", Integer.toString(retryAfter));
            flow.send(busy.toBytes());
            return;
        }
        InviteServerTransaction tx = new InviteServerTransaction(this, key, req, flow);
        inviteTransactions.put(key, tx);
        String unsupported = unsupportedRequirements(req);
        if (unsupported != null) {
            SipMessage r = responseTo(req, 420, "Bad Extension", null);
            r.setHeader("Unsupported", unsupported);
            tx.sendFinal(r);
            return;
        }
        tx.sendProvisional(responseTo(req, 100, "Trying", null));
        InviteDialog dialog = new InviteDialog(this, req, flow, tx, newTag());
        admission.callWaiting(); // until the dialog leaves PROCEEDING (noLongerWaiting)
        tx.dialog = dialog;
        dialogs.put(dialogKey(dialog.callId(), dialog.localTag), dialog);
        flow.bind(dialog); // until dialogTerminated: keeps a TCP connection open while the call may need it
        notify(h -> h.onInvite(dialog));
    }

    private void onReinvite(SipMessage req, SipFlow flow, String key, String toTag, NameAddress from) {
        InviteDialog dialog = dialogs.get(dialogKey(req.callId(), toTag));
        if (dialog == null || dialog.state() == InviteDialog.State.TERMINATED
                || !java.util.Objects.equals(dialog.remoteTag, from.tag())) {
            reply(req, flow, 481, "Call/Transaction Does Not Exist");
            return;
        }
        long cseq = req.cseq().number();
        if (cseq <= dialog.remoteCseq) {
            reply(req, flow, 500, "CSeq Out of Order");
            return;
        }
        dialog.remoteCseq = cseq;
        InviteServerTransaction tx = new InviteServerTransaction(this, key, req, flow);
        inviteTransactions.put(key, tx);
        String unsupported = unsupportedRequirements(req);
        if (unsupported != null) {
            SipMessage r = responseTo(req, 420, "Bad Extension", dialog);
            r.setHeader("Unsupported", unsupported);
            tx.sendFinal(r);
            return;
        }
        if (dialog.state() != InviteDialog.State.CONFIRMED || dialog.reinviteInProgress()) {
            SipMessage r = responseTo(req, dialog.state() == InviteDialog.State.PROCEEDING ? 500 : 491,
                    "Request Pending", dialog);
            r.setHeader("Retry-After", "1");
            tx.sendFinal(r);
            return;
        }
        String answer;
        try {
            answer = handler.onReinvite(dialog, req.bodyText());
        } catch (RuntimeException e) {
            LOG.debug("onReinvite failed", e);
            answer = null;
        }
        if (answer == null) {
            tx.sendFinal(responseTo(req, 488, "Not Acceptable Here", dialog));
            return;
        }
        dialog.updateRemoteTarget(req);
        dialog.localSdp = answer;
        dialog.sendReinvite2xx(tx, okWithSdp(req, dialog, answer).toBytes(), cseq);
    }

    private void onAckRequest(SipMessage ack) {
        InviteServerTransaction tx = inviteTransactions.get(transactionKey(ack));
        if (tx != null && tx.onAck()) {
            return; // ACK for a non-2xx final
        }
        NameAddress to = NameAddress.parse(ack.header("To"));
        if (to == null || to.tag() == null) {
            return;
        }
        InviteDialog dialog = dialogs.get(dialogKey(ack.callId(), to.tag()));
        if (dialog != null && dialog.onAck(ack.cseq().number())) {
            notify(h -> h.onAck(dialog));
        }
    }

    private void onNonInviteRequest(SipMessage req, SipFlow flow, String method) {
        String key = transactionKey(req) + "|" + method;
        byte[] cached = nonInviteResponses.get(key);
        if (cached != null) {
            flow.send(cached); // retransmitted request: same answer, no second callback
            return;
        }
        afterResponse = null;
        SipMessage response = handleNonInvite(req, method);
        byte[] bytes = response.toBytes();
        flow.send(bytes);
        if (!flow.reliable()) {
            // Timer J: keep the answer for retransmissions of this request.
            nonInviteResponses.put(key, bytes);
            loop.schedule(timers.transactionTimeoutMillis(), () -> nonInviteResponses.remove(key));
        }
        Runnable after = afterResponse;
        afterResponse = null;
        if (after != null) {
            after.run();
        }
    }

    /** Builds the final response to a non-INVITE request; follow-up work goes to {@link #afterResponse}. */
    private SipMessage handleNonInvite(SipMessage req, String method) {
        if (!KNOWN_METHODS.contains(method)) {
            SipMessage r = responseTo(req, 405, "Method Not Allowed", null);
            r.setHeader("Allow", ALLOW);
            return r;
        }
        if (method.equals("CANCEL")) {
            return onCancel(req);
        }
        String unsupported = unsupportedRequirements(req);
        if (unsupported != null) {
            SipMessage r = responseTo(req, 420, "Bad Extension", null);
            r.setHeader("Unsupported", unsupported);
            return r;
        }
        NameAddress to = NameAddress.parse(req.header("To"));
        NameAddress from = NameAddress.parse(req.header("From"));
        String toTag = to == null ? null : to.tag();
        if (toTag == null) {
            if (method.equals("OPTIONS")) {
                if (!admission.takingCalls()) { // a proxy's probe: this node takes no new calls now
                    SipMessage r = responseTo(req, 503, "Service Unavailable", null);
                    r.setHeader("Retry-After", Integer.toString(SipAdmission.NOT_TAKING_CALLS_RETRY_AFTER));
                    return r;
                }
                return optionsOk(req, null);
            }
            return responseTo(req, 481, "Call/Transaction Does Not Exist", null);
        }
        InviteDialog dialog = dialogs.get(dialogKey(req.callId(), toTag));
        if (dialog == null || from == null || !java.util.Objects.equals(dialog.remoteTag, from.tag())) {
            return responseTo(req, 481, "Call/Transaction Does Not Exist", null);
        }
        if (dialog.state() == InviteDialog.State.TERMINATED) {
            // A lingering dialog: a BYE that crossed ours is simply confirmed; nothing else is accepted.
            return method.equals("BYE") ? responseTo(req, 200, "OK", dialog)
                    : responseTo(req, 481, "Call/Transaction Does Not Exist", dialog);
        }
        long cseq = req.cseq().number();
        if (cseq <= dialog.remoteCseq) {
            return responseTo(req, 500, "CSeq Out of Order", dialog);
        }
        dialog.remoteCseq = cseq;
        switch (method) {
            case "BYE" -> {
                afterResponse = () -> {
                    dialog.remoteBye();
                    notify(h -> h.onBye(dialog));
                };
                return responseTo(req, 200, "OK", dialog);
            }
            case "INFO" -> {
                SipDtmfInfo dtmf = SipDtmfInfo.parse(req.header("Content-Type"), req.bodyText());
                if (dtmf != null) {
                    afterResponse = () -> notify(h -> h.onInfoDigit(dialog, dtmf.digit(), dtmf.durationMillis()));
                }
                return responseTo(req, 200, "OK", dialog);
            }
            case "OPTIONS" -> {
                return optionsOk(req, dialog);
            }
            default -> {
                SipMessage r = responseTo(req, 405, "Method Not Allowed", dialog);
                r.setHeader("Allow", ALLOW);
                return r;
            }
        }
    }

    private SipMessage onCancel(SipMessage cancel) {
        InviteServerTransaction tx = inviteTransactions.get(transactionKey(cancel));
        if (tx == null) {
            return responseTo(cancel, 481, "Call/Transaction Does Not Exist", null);
        }
        InviteDialog dialog = tx.dialog; // null for re-INVITEs and rejected INVITEs: CANCEL has no effect
        if (dialog != null) {
            afterResponse = () -> {
                if (dialog.cancel()) {
                    notify(h -> h.onCancel(dialog));
                }
            };
        }
        return responseTo(cancel, 200, "OK", dialog);
    }

    private void onResponse(SipMessage response) {
        Via via = Via.parse(response.topVia());
        if (via == null || via.branch() == null) {
            return;
        }
        ByeClientTransaction tx = clientTransactions.get(via.branch());
        if (tx != null) {
            tx.onResponse(response);
        }
    }

    /** Option tags in Require that we do not support (we support none), comma-joined; null when none. */
    private static String unsupportedRequirements(SipMessage req) {
        StringBuilder out = null;
        for (String value : req.headerValues("Require")) {
            for (String tag : value.split(",")) {
                String t = tag.trim();
                if (!t.isEmpty()) {
                    out = out == null ? new StringBuilder(t) : out.append(", ").append(t);
                }
            }
        }
        return out == null ? null : out.toString();
    }

    private void notify(Consumer<SipCallHandler> call) {
        try {
            call.accept(handler);
        } catch (RuntimeException e) {
            LOG.debug("SIP call handler failed", e);
        }
    }

    void notifyAckTimeout(InviteDialog dialog) {
        notify(h -> h.onAckTimeout(dialog));
    }

    // ---------------------------------------------------------------- outbound

    private void reply(SipMessage req, SipFlow flow, int status, String reason) {
        flow.send(responseTo(req, status, reason, null).toBytes());
    }

    /**
     * A response echoing Via, From, To, Call-ID and CSeq. The To tag is the dialog's local tag, or a fresh one
     * for final responses outside a dialog (100 Trying carries none).
     */
    SipMessage responseTo(SipMessage req, int status, String reason, InviteDialog dialog) {
        SipMessage r = SipMessage.response(status, reason);
        for (String via : req.headerValues("Via")) {
            r.addHeader("Via", via);
        }
        r.addHeader("From", req.header("From"));
        String to = req.header("To");
        NameAddress toAddr = NameAddress.parse(to);
        if (status > 100 && toAddr != null && toAddr.tag() == null) {
            to = to + ";tag=" + (dialog != null ? dialog.localTag : newTag());
        }
        r.addHeader("To", to);
        r.addHeader("Call-ID", req.callId());
        r.addHeader("CSeq", req.header("CSeq"));
        if (dialog != null && status > 100 && status < 300 && req.method().equals("INVITE")) {
            for (String rr : dialog.recordRoutes) {
                r.addHeader("Record-Route", rr);
            }
            r.addHeader("Contact", contact(dialog.flow()));
        }
        r.addHeader("Server", SERVER);
        return r;
    }

    SipMessage okWithSdp(SipMessage invite, InviteDialog dialog, String sdp) {
        SipMessage ok = responseTo(invite, 200, "OK", dialog);
        ok.addHeader("Allow", ALLOW);
        ok.setBody("application/sdp", sdp);
        return ok;
    }

    private SipMessage optionsOk(SipMessage req, InviteDialog dialog) {
        SipMessage ok = responseTo(req, 200, "OK", dialog);
        ok.addHeader("Allow", ALLOW);
        ok.addHeader("Accept", ACCEPT);
        ok.addHeader("Supported", "");
        return ok;
    }

    String contact(SipFlow flow) {
        String host = advertisedHost.indexOf(':') >= 0 ? "[" + advertisedHost + "]" : advertisedHost;
        return flow.reliable() ? "<sip:" + host + ":" + port + ";transport=tcp>" : "<sip:" + host + ":" + port + ">";
    }

    /** Sends BYE in the dialog as a new client transaction. */
    void sendBye(InviteDialog dialog) {
        SipFlow target = byeFlow(dialog);
        if (target == null) {
            LOG.debug("no way to reach {} for BYE", dialog.callId());
            return;
        }
        String branch = "z9hG4bK" + randomHex(12);
        String host = advertisedHost.indexOf(':') >= 0 ? "[" + advertisedHost + "]" : advertisedHost;
        boolean looseRoute = !dialog.recordRoutes.isEmpty();
        String requestUri = dialog.remoteTarget;
        SipMessage bye = SipMessage.request("BYE", requestUri);
        bye.addHeader("Via", "SIP/2.0/" + target.transport() + " " + host + ":" + port + ";branch=" + branch
                + ";rport");
        bye.addHeader("Max-Forwards", "70");
        bye.addHeader("From", dialog.localToHeader + ";tag=" + dialog.localTag);
        bye.addHeader("To", dialog.remoteFromHeader);
        bye.addHeader("Call-ID", dialog.callId());
        bye.addHeader("CSeq", (++dialog.localCseq) + " BYE");
        if (looseRoute) {
            for (String route : dialog.recordRoutes) {
                bye.addHeader("Route", route);
            }
        }
        bye.addHeader("User-Agent", SERVER);
        ByeClientTransaction tx = new ByeClientTransaction(this, branch, bye.toBytes(),
                TracedFlow.of(target, dialog.callId(), trace));
        clientTransactions.put(branch, tx);
        tx.start();
    }

    /** TCP: the connection the INVITE came on. UDP: the first Route, else the remote target, else the source. */
    private SipFlow byeFlow(InviteDialog dialog) {
        SipFlow original = dialog.flow();
        if (original.reliable()) {
            return original.isOpen() ? original : null;
        }
        String next = dialog.recordRoutes.isEmpty() ? dialog.remoteTarget
                : NameAddress.parse(dialog.recordRoutes.get(0)) == null ? null
                : NameAddress.parse(dialog.recordRoutes.get(0)).uri();
        SipUri uri = SipUri.parse(next);
        if (uri != null) {
            try {
                InetAddress addr = InetAddress.getByName(uri.host()); // literal IPs: no lookup
                return udp.flowTo(new InetSocketAddress(addr, uri.portOrDefault()));
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("cannot resolve {}, using the source address", uri.host());
            }
        }
        return original;
    }

    // ---------------------------------------------------------------- bookkeeping

    /** The dialog has had its final answer (2xx or not) or has ended without one. */
    void noLongerWaiting(InviteDialog dialog) {
        admission.callNoLongerWaiting();
    }

    void removeInviteTransaction(InviteServerTransaction tx) {
        inviteTransactions.remove(tx.key, tx);
    }

    void removeClientTransaction(String branch) {
        clientTransactions.remove(branch);
    }

    /**
     * Every end of a dialog comes here: reject, CANCEL, ACK timeout, our BYE, or the caller's BYE on any flow. The
     * dialog no longer holds the flow its INVITE came on.
     */
    void dialogTerminated(InviteDialog dialog) {
        dialog.flow().unbind(dialog);
        String key = dialogKey(dialog.callId(), dialog.localTag);
        loop.schedule(timers.transactionTimeoutMillis(), () -> dialogs.remove(key, dialog));
    }

    private static String dialogKey(String callId, String localTag) {
        return callId + "|" + localTag;
    }

    static String newTag() {
        return randomHex(8);
    }

    private static String randomHex(int bytes) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = r.nextInt(256);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    List<String> debugState() {
        return List.of("dialogs=" + dialogs.size(), "inviteTx=" + inviteTransactions.size(),
                "nonInvite=" + nonInviteResponses.size(), "clientTx=" + clientTransactions.size());
    }
}
