package io.voicegather.server.sip;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/** Records every callback as a line ("invite callId", "digit 5 160", ...) and optionally answers at once. */
final class RecordingHandler implements SipCallHandler {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<InviteSession> sessions = new CopyOnWriteArrayList<>();
    volatile String autoAnswerSdp;
    volatile BiFunction<InviteSession, String, String> reinvite = (s, offer) -> "v=0\r\nreinvite-answer\r\n";

    @Override
    public void onInvite(InviteSession session) {
        sessions.add(session);
        events.add("invite " + session.callId());
        String sdp = autoAnswerSdp;
        if (sdp != null) {
            session.answer(sdp);
        }
    }

    @Override
    public void onAck(InviteSession session) {
        events.add("ack " + session.callId());
    }

    @Override
    public void onBye(InviteSession session) {
        events.add("bye " + session.callId());
    }

    @Override
    public void onCancel(InviteSession session) {
        events.add("cancel " + session.callId());
    }

    @Override
    public void onAckTimeout(InviteSession session) {
        events.add("acktimeout " + session.callId());
    }

    @Override
    public String onReinvite(InviteSession session, String offerSdp) {
        events.add("reinvite " + session.callId());
        return reinvite.apply(session, offerSdp);
    }

    @Override
    public void onInfoDigit(InviteSession session, char digit, int durationMillis) {
        events.add("digit " + digit + " " + durationMillis);
    }

    /** The next event, failing after a generous timeout. */
    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no SIP callback within 10 s");
        }
        return e;
    }

    InviteSession lastSession() {
        return sessions.get(sessions.size() - 1);
    }
}
