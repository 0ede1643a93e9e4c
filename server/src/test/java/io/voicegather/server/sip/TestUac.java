package io.voicegather.server.sip;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** A scripted UDP user agent client on 127.0.0.1 that talks to the server under test. */
final class TestUac implements AutoCloseable {
    final DatagramSocket socket;
    final int serverPort;
    final String callId = UUID.randomUUID() + "@127.0.0.1";
    final String fromTag = "uac" + Long.toHexString(System.nanoTime());
    String toTag;
    private int branchCounter;

    TestUac(int serverPort) throws IOException {
        this(serverPort, InetAddress.getLoopbackAddress());
    }

    /** @param local the address to send from: any of 127/8 on Linux, to play another source */
    TestUac(int serverPort, InetAddress local) throws IOException {
        this.serverPort = serverPort;
        this.socket = new DatagramSocket(new InetSocketAddress(local, 0));
    }

    int localPort() {
        return socket.getLocalPort();
    }

    String newBranch() {
        return "z9hG4bK-test-" + System.nanoTime() + "-" + (++branchCounter);
    }

    /** A request in this call; toTag null = no tag; extra is raw header lines each ending in CRLF. */
    String request(String method, long cseq, String branch, String extra, String contentType, String body) {
        return request(method, method, cseq, branch, extra, contentType, body);
    }

    String request(String method, String cseqMethod, long cseq, String branch, String extra, String contentType,
                   String body) {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return method + " sip:1000@127.0.0.1:" + serverPort + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + localPort() + ";branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Alice Caller\" <sip:+15550001111@127.0.0.1:" + localPort() + ">;tag=" + fromTag + "\r\n"
                + "To: <sip:1000@127.0.0.1:" + serverPort + ">" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + cseqMethod + "\r\n"
                + "Contact: <sip:alice@127.0.0.1:" + localPort() + ">\r\n"
                + (extra == null ? "" : extra)
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + b.length + "\r\n\r\n"
                + (body == null ? "" : body);
    }

    static String offer(int rtpPort) {
        return "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    void send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        send(b);
    }

    void send(byte[] b) throws IOException {
        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), serverPort));
    }

    /** The next message, or null after the timeout. */
    SipMessage receive(long timeoutMillis) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeoutMillis));
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        try {
            return SipParser.parse(buf, 0, p.getLength());
        } catch (SipParseException e) {
            throw new AssertionError("server sent unparseable message: " + e.getMessage());
        }
    }

    /** Waits for a message matching the predicate, skipping others; fails after the timeout. */
    SipMessage await(Predicate<SipMessage> match, long timeoutMillis, String what) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        List<String> skipped = new ArrayList<>();
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; skipped " + skipped);
            }
            SipMessage m = receive(left);
            if (m != null && match.test(m)) {
                return m;
            }
            if (m != null) {
                skipped.add(m.isRequest() ? m.method() : m.statusCode() + " " + m.header("CSeq"));
            }
        }
    }

    SipMessage awaitResponse(int status, String cseqMethod, long timeoutMillis) throws IOException {
        return await(m -> !m.isRequest() && m.statusCode() == status
                && m.cseq() != null && m.cseq().method().equals(cseqMethod), timeoutMillis,
                status + " to " + cseqMethod);
    }

    /** Collects everything that arrives within the window. */
    List<SipMessage> drain(long windowMillis) throws IOException {
        List<SipMessage> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + windowMillis;
        long left;
        while ((left = deadline - System.currentTimeMillis()) > 0) {
            SipMessage m = receive(left);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** Replies 200 to a request the server sent us. */
    void replyOk(SipMessage request) throws IOException {
        StringBuilder sb = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String via : request.headerValues("Via")) {
            sb.append("Via: ").append(via).append("\r\n");
        }
        sb.append("From: ").append(request.header("From")).append("\r\n");
        sb.append("To: ").append(request.header("To")).append("\r\n");
        sb.append("Call-ID: ").append(request.callId()).append("\r\n");
        sb.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        send(sb.toString());
    }

    @Override
    public void close() {
        socket.close();
    }
}
