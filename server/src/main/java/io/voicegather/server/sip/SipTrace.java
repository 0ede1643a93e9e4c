package io.voicegather.server.sip;

import java.net.InetSocketAddress;

/**
 * Told of every SIP message of a dialog, received or sent (retransmissions included), for the console's SIP summary
 * of a call. Called on the SIP loop thread: must only record, never block.
 */
public interface SipTrace {
    SipTrace NONE = (callId, inbound, summary, peer) -> {
    };

    /**
     * @param callId  the message's Call-ID
     * @param inbound true when received, false when sent
     * @param summary the request's method and URI, or the response's status, reason and CSeq method
     * @param peer    where it came from or went to
     */
    void message(String callId, boolean inbound, String summary, InetSocketAddress peer);

    /** "INVITE sip:+15550001@host", or "200 OK (INVITE)". */
    static String summary(SipMessage m) {
        if (m.isRequest()) {
            return m.method() + " " + m.requestUri();
        }
        SipMessage.CSeq cseq = m.cseq();
        return m.statusCode() + " " + m.reasonPhrase() + (cseq == null ? "" : " (" + cseq.method() + ")");
    }
}
