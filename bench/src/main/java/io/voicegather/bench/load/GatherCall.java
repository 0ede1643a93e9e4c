package io.voicegather.bench.load;

import io.voicegather.server.sip.NameAddress;
import io.voicegather.server.sip.SipMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One caller of {@link GatherCallers}: its dialog (Call-ID, tags, remote target, route set), the SIP requests it
 * sends, and where it stands in its RTP stream. Only the generator's one thread touches it.
 */
final class GatherCall {
    enum State { INVITING, IN_MEDIA, HANGING_UP, DONE }

    final String callId;
    final String fromTag;
    final int ssrc;
    final int seqBase;
    final int timestampBase;
    State state = State.INVITING;
    /** The request being retransmitted every 500 ms until its response (INVITE before a 1xx, BYE). */
    byte[] pending;
    long retransmitAt;
    long giveUpAt;
    /** ACK for the 200: sent again if the 200 is. */
    byte[] ack;
    InetSocketAddress serverRtp;
    long mediaStartNanos;
    /** Index of the next packet due: first the digits stream, then silence until the BYE. */
    int nextPacket;
    long byeAt;

    private final String localHost;
    private final int localSipPort;
    private final String localUri;
    private final String serverUri;
    private String remoteTag;
    private String remoteTarget;
    private final List<String> routes = new ArrayList<>();
    private int branches;

    GatherCall(long number, String runId, String localHost, int localSipPort, String serverHostPort, int ssrc,
               int seqBase, int timestampBase) {
        this.callId = "gl-" + number + "-" + runId + "@" + localHost;
        this.fromTag = runId + "-" + number;
        this.localHost = localHost;
        this.localSipPort = localSipPort;
        this.localUri = "sip:load@" + localHost + ":" + localSipPort;
        this.serverUri = "sip:1000@" + serverHostPort;
        this.ssrc = ssrc;
        this.seqBase = seqBase;
        this.timestampBase = timestampBase;
    }

    /** The INVITE offering PCMU, PCMA and telephone-event on the generator's one RTP port. */
    byte[] invite(int rtpPort) {
        String sdp = "v=0\r\n"
                + "o=load " + Integer.toUnsignedString(ssrc) + " 1 IN IP4 " + localHost + "\r\n"
                + "s=-\r\n"
                + "c=IN IP4 " + localHost + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=ptime:20\r\n"
                + "a=sendrecv\r\n";
        return inDialog(SipMessage.request("INVITE", serverUri), 1, "INVITE", false)
                .setBody("application/sdp", sdp).toBytes();
    }

    /** Takes the dialog from the 200 to the INVITE: To tag, Contact as remote target, Record-Route reversed. */
    void established(SipMessage ok) {
        remoteTag = NameAddress.parse(ok.header("To")).tag();
        String contact = ok.header("Contact");
        remoteTarget = contact == null ? serverUri : NameAddress.parse(contact).uri();
        List<String> recordRoutes = new ArrayList<>(ok.headerValues("Record-Route"));
        java.util.Collections.reverse(recordRoutes);
        routes.addAll(recordRoutes);
    }

    byte[] ackFor2xx() {
        return inDialog(SipMessage.request("ACK", remoteTarget), 1, "ACK", true).toBytes();
    }

    /** The ACK of a failure response: the INVITE's Via (same branch) and the response's To. */
    byte[] ackForFailure(SipMessage response) {
        return SipMessage.request("ACK", serverUri).addHeader("Via", response.topVia())
                .addHeader("From", "load <" + localUri + ">;tag=" + fromTag).addHeader("To", response.header("To"))
                .addHeader("Call-ID", callId).addHeader("CSeq", "1 ACK").addHeader("Max-Forwards", "70").toBytes();
    }

    byte[] bye() {
        return inDialog(SipMessage.request("BYE", remoteTarget), 2, "BYE", true).toBytes();
    }

    /** 200 to a request from the server (its BYE), echoing the transaction's headers. */
    static byte[] ok(SipMessage request) {
        SipMessage ok = SipMessage.response(200, "OK");
        for (String via : request.headerValues("Via")) {
            ok.addHeader("Via", via);
        }
        return ok.addHeader("From", request.header("From")).addHeader("To", request.header("To"))
                .addHeader("Call-ID", request.callId()).addHeader("CSeq", request.header("CSeq")).toBytes();
    }

    /** A request of this dialog; each gets a new branch. The INVITE goes without the To tag it does not know yet. */
    private SipMessage inDialog(SipMessage m, int cseq, String method, boolean withTag) {
        m.addHeader("Via", "SIP/2.0/UDP " + localHost + ":" + localSipPort + ";branch=z9hG4bK" + fromTag + "-"
                + (++branches));
        for (String route : routes) {
            m.addHeader("Route", route);
        }
        return m.addHeader("From", "load <" + localUri + ">;tag=" + fromTag)
                .addHeader("To", "<" + serverUri + ">" + (withTag && remoteTag != null ? ";tag=" + remoteTag : ""))
                .addHeader("Call-ID", callId).addHeader("CSeq", cseq + " " + method)
                .addHeader("Contact", "<" + localUri + ">").addHeader("Max-Forwards", "70");
    }
}
