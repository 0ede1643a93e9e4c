package io.voicegather.bench.turn;

import io.voicegather.server.sip.ExtraHeader;
import io.voicegather.server.sip.InviteSession;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An INVITE dialog without SIP: the call layer is given the offer directly and its answer is read back. Only the
 * SIP parsing and transactions are skipped; the call, its SDP negotiation and its RTP session are the server's own.
 */
final class BenchInviteSession implements InviteSession {
    private final String user;
    private final String offer;
    private final CompletableFuture<String> answer = new CompletableFuture<>();

    BenchInviteSession(String user, int callerRtpPort) {
        this.user = user;
        this.offer = "v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + callerRtpPort + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** The server's RTP port from its SDP answer. */
    int answeredRtpPort() throws Exception {
        String sdp = answer.get(10, TimeUnit.SECONDS);
        int at = sdp.indexOf("m=audio ") + "m=audio ".length();
        return Integer.parseInt(sdp.substring(at, sdp.indexOf(' ', at)));
    }

    @Override
    public String callId() {
        return user + "@bench";
    }

    @Override
    public String fromUri() {
        return "sip:" + user + "@127.0.0.1";
    }

    @Override
    public String fromDisplayName() {
        return null;
    }

    @Override
    public String toUri() {
        return "sip:assistant@127.0.0.1";
    }

    @Override
    public String offerSdp() {
        return offer;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 5060);
    }

    @Override
    public String transport() {
        return "UDP";
    }

    @Override
    public void ringing() {
    }

    @Override
    public void answer(String sdpAnswer, List<ExtraHeader> extraHeaders) {
        answer.complete(sdpAnswer); // no SIP message here, so no header to add
    }

    @Override
    public void reject(int status, String reason) {
        answer.completeExceptionally(new IllegalStateException("rejected: " + status + " " + reason));
    }

    @Override
    public void bye() {
    }
}
