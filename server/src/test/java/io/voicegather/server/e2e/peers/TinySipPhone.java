package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of a SIP phone over UDP on loopback to place one call: INVITE, ACK, INFO digits, and answering the
 * server's BYE. Used where a test needs a real call without SIPp: the client's, the conformance and the OpenAPI tests.
 */
public final class TinySipPhone implements AutoCloseable {
    private final DatagramSocket sip;
    private final DatagramSocket rtp;
    private final InetSocketAddress server;
    private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final java.util.concurrent.CountDownLatch byeReceived = new java.util.concurrent.CountDownLatch(1);
    private final String callId = UUID.randomUUID() + "@127.0.0.1";
    private final String fromTag = Long.toHexString(System.nanoTime());
    private String user = "+15550001";
    private String toHeader;
    private String remoteTarget;
    private int cseq = 1;

    public TinySipPhone(int serverPort) throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        sip = new DatagramSocket(new InetSocketAddress(loopback, 0));
        rtp = new DatagramSocket(new InetSocketAddress(loopback, 0));
        server = new InetSocketAddress(loopback, serverPort);
        reader = new Thread(this::readLoop, "tiny-sip-phone");
        reader.setDaemon(true);
        reader.start();
    }

    /** Sends the INVITE; the server parks the call and tells the application by call.initiated. */
    public void invite() throws IOException {
        invite(user);
    }

    /** Sends the INVITE from this caller (the From user, reported as {@code from} in webhooks). */
    public void invite(String fromUser) throws IOException {
        user = fromUser;
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";
        send("INVITE sip:1000@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + common("INVITE", "<sip:1000@127.0.0.1>", cseq)
                + "Contact: <sip:" + user + "@127.0.0.1:" + sip.getLocalPort() + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp);
    }

    /** Waits for the 200 OK the server sends once the application answered, acknowledges it and returns it. */
    public String awaitAnsweredAndAck(long timeoutMillis) throws IOException, InterruptedException {
        String ok = awaitResponse("200", "INVITE", timeoutMillis);
        toHeader = header(ok, "To", "t");
        String contact = header(ok, "Contact", "m");
        remoteTarget = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
        send("ACK " + remoteTarget + " SIP/2.0\r\n" + common("ACK", toHeader, cseq) + "Content-Length: 0\r\n\r\n");
        return ok;
    }

    /** Waits for a final response of this status to the INVITE (a refusal, e.g. "503") and returns it. */
    public String awaitInviteResponse(String status, long timeoutMillis) throws InterruptedException {
        return awaitResponse(status, "INVITE", timeoutMillis);
    }

    /** Presses one key with a SIP INFO (application/dtmf-relay) and waits for its 200. */
    public void pressKey(char key) throws IOException, InterruptedException {
        String body = "Signal=" + key + "\r\nDuration=160\r\n";
        int n = ++cseq;
        send("INFO " + remoteTarget + " SIP/2.0\r\n" + common("INFO", toHeader, n)
                + "Content-Type: application/dtmf-relay\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        awaitResponse("200", n + " INFO", 10_000);
    }

    /** Whether the server hung up on this phone within the time. */
    public boolean awaitBye(long timeoutMillis) throws InterruptedException {
        return byeReceived.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    private String common(String method, String to, int number) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + sip.getLocalPort() + ";branch=z9hG4bK"
                + Long.toHexString(System.nanoTime()) + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Ann\" <sip:" + user + "@127.0.0.1>;tag=" + fromTag + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + number + " " + method + "\r\n";
    }

    private String awaitResponse(String status, String cseqPart, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String m = responses.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no SIP " + status + " for " + cseqPart + " within " + timeoutMillis + " ms");
            }
            if (m.startsWith("SIP/2.0 " + status) && header(m, "CSeq", null).endsWith(cseqPart)) {
                return m;
            }
        }
    }

    private void readLoop() {
        byte[] buffer = new byte[65535];
        while (!sip.isClosed()) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                sip.receive(p);
                String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (m.startsWith("SIP/2.0 ")) {
                    responses.add(m);
                } else if (m.startsWith("BYE ")) {
                    send("SIP/2.0 200 OK\r\nVia: " + header(m, "Via", "v") + "\r\nFrom: " + header(m, "From", "f")
                            + "\r\nTo: " + header(m, "To", "t") + "\r\nCall-ID: " + header(m, "Call-ID", "i")
                            + "\r\nCSeq: " + header(m, "CSeq", null) + "\r\nContent-Length: 0\r\n\r\n");
                    byeReceived.countDown();
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static String header(String message, String name, String compact) {
        for (String line : message.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                if (line.isEmpty()) {
                    break;
                }
                continue;
            }
            String n = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (n.equals(name.toLowerCase(Locale.ROOT)) || (compact != null && n.equals(compact))) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " header in:\n" + message);
    }

    private synchronized void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        sip.send(new DatagramPacket(bytes, bytes.length, server));
    }

    @Override
    public void close() {
        sip.close();
        rtp.close();
    }
}
