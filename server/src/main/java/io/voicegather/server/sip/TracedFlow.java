package io.voicegather.server.sip;

import java.net.InetSocketAddress;

/** A flow that tells a {@link SipTrace} of each message it sends for one dialog, then sends it. Loop thread only. */
final class TracedFlow implements SipFlow {
    private final SipFlow flow;
    private final String callId;
    private final SipTrace trace;

    private TracedFlow(SipFlow flow, String callId, SipTrace trace) {
        this.flow = flow;
        this.callId = callId;
        this.trace = trace;
    }

    /** {@code flow} itself when nothing is traced or it is traced already. */
    static SipFlow of(SipFlow flow, String callId, SipTrace trace) {
        return trace == SipTrace.NONE || flow instanceof TracedFlow ? flow : new TracedFlow(flow, callId, trace);
    }

    @Override
    public void send(byte[] message) {
        String summary;
        try {
            summary = SipTrace.summary(SipParser.parse(message));
        } catch (SipParseException e) {
            summary = "(unreadable)"; // our own messages always parse; the trace must not stop the send anyway
        }
        trace.message(callId, false, summary, flow.remote());
        flow.send(message);
    }

    @Override
    public InetSocketAddress remote() {
        return flow.remote();
    }

    @Override
    public String transport() {
        return flow.transport();
    }

    @Override
    public boolean isOpen() {
        return flow.isOpen();
    }

    @Override
    public boolean reliable() {
        return flow.reliable();
    }

    @Override
    public void bind(InviteDialog dialog) {
        flow.bind(dialog);
    }

    @Override
    public void unbind(InviteDialog dialog) {
        flow.unbind(dialog);
    }
}
