package io.voicegather.server.devphone;

import io.voicegather.server.sip.NameAddress;
import io.voicegather.server.sip.SipMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One dev phone call's SIP dialog, as the calling side (RFC 3261 UAC): the INVITE offering PCMU and
 * telephone-event, its ACK, CANCEL and BYE, and the answers to the server's requests. Only the dev phone's one
 * thread touches it.
 */
final class DevPhoneCall {
    enum State { CALLING, RINGING, ANSWERED, HANGING_UP, ENDED }

    final String callId;
    private final String fromTag;
    private final String localHostPort;
    private final String localUri;
    private final String fromHeader;
    private final String serverUri;
    private final String toHeader;
    private final int inviteBranch;
    private String remoteTag;
    private String remoteTarget;
    private final List<String> routes = new ArrayList<>();
    private int branches;

    State state = State.CALLING;
    /** A request sent again until it is answered: the INVITE (until a 1xx), the CANCEL or the BYE. */
    byte[] pending;
    long retransmitAt;
    long giveUpAt;
    /** The ACK of the 200, sent again when the 200 is. */
    byte[] ack;

    /**
     * @param from   the user part of From (the caller id the application sees)
     * @param to     the user part of the Request-URI and To (the number called)
     */
    DevPhoneCall(String from, String to, String localHost, int localSipPort, String serverHostPort) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        this.callId = "devphone-" + Long.toHexString(r.nextLong()) + "@" + localHost;
        this.fromTag = Long.toHexString(r.nextLong());
        this.localHostPort = uriHost(localHost) + ":" + localSipPort;
        this.localUri = "sip:" + from + "@" + localHostPort;
        this.fromHeader = "<" + localUri + ">;tag=" + fromTag;
        this.serverUri = "sip:" + to + "@" + serverHostPort;
        this.toHeader = "<" + serverUri + ">";
        this.inviteBranch = ++branches;
    }

    /** An address as a SIP URI's host: IPv6 in brackets (RFC 3261 section 25.1). */
    static String uriHost(String address) {
        return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
    }

    /** The INVITE offering PCMU (0) and telephone-event (101) on {@code rtpPort}. */
    byte[] invite(String localHost, int rtpPort) {
        String addressType = localHost.indexOf(':') >= 0 ? "IP6 " : "IP4 ";
        String sdp = "v=0\r\n"
                + "o=devphone " + (System.currentTimeMillis() / 1000) + " 1 IN " + addressType + localHost + "\r\n"
                + "s=voicegather dev phone\r\n"
                + "c=IN " + addressType + localHost + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
        return request("INVITE", serverUri, 1, inviteBranch, toHeader).setBody("application/sdp", sdp).toBytes();
    }

    /** CANCEL of the INVITE: its Request-URI, Via branch and CSeq number (RFC 3261 section 9.1). */
    byte[] cancel() {
        return request("CANCEL", serverUri, 1, inviteBranch, toHeader).toBytes();
    }

    /** Takes the dialog from the 200: the To tag, the Contact as remote target, the Record-Route reversed. */
    void established(SipMessage ok) {
        remoteTag = NameAddress.parse(ok.header("To")).tag();
        String contact = ok.header("Contact");
        remoteTarget = contact == null ? serverUri : NameAddress.parse(contact).uri();
        List<String> recordRoutes = new ArrayList<>(ok.headerValues("Record-Route"));
        Collections.reverse(recordRoutes);
        routes.addAll(recordRoutes);
        ack = inDialog("ACK", 1);
    }

    /** The ACK of a failure response: the INVITE's branch and the response's To (RFC 3261 section 17.1.1.3). */
    byte[] ackForFailure(SipMessage response) {
        return request("ACK", serverUri, 1, inviteBranch, response.header("To")).toBytes();
    }

    byte[] bye() {
        return inDialog("BYE", 2);
    }

    /** 200 to a request of the server's (its BYE), echoing the transaction's headers. */
    static byte[] answer(SipMessage request, int status, String reason) {
        SipMessage response = SipMessage.response(status, reason);
        for (String via : request.headerValues("Via")) {
            response.addHeader("Via", via);
        }
        return response.addHeader("From", request.header("From")).addHeader("To", request.header("To"))
                .addHeader("Call-ID", request.callId()).addHeader("CSeq", request.header("CSeq")).toBytes();
    }

    private byte[] inDialog(String method, int cseq) {
        SipMessage m = request(method, remoteTarget, cseq, ++branches, toHeader + ";tag=" + remoteTag);
        return m.toBytes();
    }

    private SipMessage request(String method, String uri, int cseq, int branch, String to) {
        SipMessage m = SipMessage.request(method, uri)
                .addHeader("Via", "SIP/2.0/UDP " + localHostPort + ";branch=z9hG4bK" + fromTag + "-" + branch);
        if (!method.equals("INVITE") && !method.equals("CANCEL")) {
            for (String route : routes) {
                m.addHeader("Route", route);
            }
        }
        return m.addHeader("From", fromHeader).addHeader("To", to).addHeader("Call-ID", callId)
                .addHeader("CSeq", cseq + " " + method).addHeader("Contact", "<" + localUri + ">")
                .addHeader("Max-Forwards", "70").addHeader("User-Agent", "voicegather dev phone");
    }
}
