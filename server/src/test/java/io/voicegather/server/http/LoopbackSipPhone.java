package io.voicegather.server.http;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A minimal SIP phone over UDP on loopback: INVITE, ACK of the 200, keys by SIP INFO, and a 200 to our BYE. */
final class LoopbackSipPhone implements AutoCloseable {
    private final DatagramSocket sip;
    private final DatagramSocket rtp;
    private final InetSocketAddress server;
    private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();
    private final String callId = UUID.randomUUID() + "@127.0.0.1";
    private final String fromTag = UUID.randomUUID().toString().substring(0, 8);
    private String from;
    private String to;
    private String target;
    private int cseq = 1;

    LoopbackSipPhone(int serverPort) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        sip = new DatagramSocket(new InetSocketAddress(lo, 0));
        rtp = new DatagramSocket(new InetSocketAddress(lo, 0));
        server = new InetSocketAddress(lo, serverPort);
        Thread reader = new Thread(this::read, "loopback-sip-phone");
        reader.setDaemon(true);
        reader.start();
    }

    void invite(String fromUser) throws IOException {
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";
        send("INVITE sip:1000@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + headers("INVITE", "<sip:1000@127.0.0.1>", cseq, fromUser)
                + "Contact: <sip:" + fromUser + "@127.0.0.1:" + sip.getLocalPort() + ">\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + sdp.length() + "\r\n\r\n" + sdp);
        this.from = fromUser;
    }

    void ackAnswer(long timeoutMillis) throws IOException, InterruptedException {
        String ok = await("200", "INVITE", timeoutMillis);
        to = header(ok, "To", "t");
        String contact = header(ok, "Contact", "m");
        target = contact.substring(contact.indexOf('<') + 1, contact.indexOf('>'));
        send("ACK " + target + " SIP/2.0\r\n" + headers("ACK", to, cseq, from) + "Content-Length: 0\r\n\r\n");
    }

    void press(char key) throws IOException, InterruptedException {
        String body = "Signal=" + key + "\r\nDuration=160\r\n";
        int n = ++cseq;
        send("INFO " + target + " SIP/2.0\r\n" + headers("INFO", to, n, from)
                + "Content-Type: application/dtmf-relay\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        await("200", n + " INFO", 10_000);
    }

    private String headers(String method, String toHeader, int number, String user) {
        return "Via: SIP/2.0/UDP 127.0.0.1:" + sip.getLocalPort() + ";branch=z9hG4bK" + UUID.randomUUID()
                .toString().substring(0, 12) + ";rport\r\nMax-Forwards: 70\r\n"
                + "From: <sip:" + user + "@127.0.0.1>;tag=" + fromTag + "\r\nTo: " + toHeader + "\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: " + number + " " + method + "\r\n";
    }

    private String await(String status, String cseqEnd, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            String m = responses.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no SIP " + status + " for " + cseqEnd);
            }
            if (m.startsWith("SIP/2.0 " + status) && header(m, "CSeq", null).endsWith(cseqEnd)) {
                return m;
            }
        }
    }

    private void read() {
        byte[] buf = new byte[65535];
        while (!sip.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                sip.receive(p);
                String m = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                if (m.startsWith("SIP/2.0 ")) {
                    responses.add(m);
                } else if (m.startsWith("BYE ")) {
                    send("SIP/2.0 200 OK\r\nVia: " + header(m, "Via", "v") + "\r\nFrom: " + header(m, "From", "f")
                            + "\r\nTo: " + header(m, "To", "t") + "\r\nCall-ID: " + header(m, "Call-ID", "i")
                            + "\r\nCSeq: " + header(m, "CSeq", null) + "\r\nContent-Length: 0\r\n\r\n");
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String header(String message, String name, String compact) {
        for (String line : message.split("\r\n")) {
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                String n = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (n.equalsIgnoreCase(name) || n.equals(compact)) {
                    return line.substring(colon + 1).trim();
                }
            }
        }
        throw new AssertionError("no " + name + " header in:\n" + message);
    }

    private synchronized void send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.UTF_8);
        sip.send(new DatagramPacket(b, b.length, server));
    }

    @Override
    public void close() {
        sip.close();
        rtp.close();
    }
}
