package io.voicegather.server.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A sender of distinct, well-formed INVITEs with a usable SDP offer from one local address (any of 127/8 on Linux),
 * and a reader that counts what comes back. Sending keeps to a given rate, so that a flood lasts long enough to
 * overlap a real call, and to what the server has counted so far: the sender never runs more than {@link #LEAD}
 * datagrams ahead of it, so the kernel has no reason to drop any.
 */
final class InviteFlood implements AutoCloseable {
    /** Datagrams allowed in flight beyond what the server has counted: well under a socket buffer. */
    static final int LEAD = 100;

    private final DatagramChannel channel;
    private final InetSocketAddress server;
    private final String caller;
    private final Thread reader;
    final AtomicInteger responses = new AtomicInteger();
    final AtomicInteger trying = new AtomicInteger();
    final AtomicInteger serviceUnavailable = new AtomicInteger();
    final AtomicInteger withRetryAfter = new AtomicInteger();
    private int sent;

    InviteFlood(String localAddress, int serverPort, String caller) throws IOException {
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        channel.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
        this.caller = caller;
        this.reader = new Thread(this::read, "flood-reader-" + caller);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Sends INVITEs at up to {@code perSecond} until the server has counted {@code target} of what this flood causes
     * ({@code counted}: drops, refusals), or {@code max} have gone out.
     *
     * @return how many were sent
     */
    int send(int max, int perSecond, LongSupplier counted, long target) throws IOException {
        long base = counted.getAsLong();
        long start = System.nanoTime();
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        while (sent < max && counted.getAsLong() - base < target) {
            long due = start + sent * 1_000_000_000L / perSecond;
            long deadline = System.nanoTime() + 200_000_000L; // a stalled server must not stall the flood
            while (System.nanoTime() < due
                    || sent - (counted.getAsLong() - base) > LEAD && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            channel.send(ByteBuffer.wrap(invite(sent++, local)), server);
        }
        return sent;
    }

    private byte[] invite(int n, InetSocketAddress local) {
        String host = local.getAddress().getHostAddress();
        String sdp = "v=0\r\no=- " + n + " 1 IN IP4 " + host + "\r\ns=-\r\nc=IN IP4 " + host + "\r\nt=0 0\r\n"
                + "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";
        String msg = "INVITE sip:1000@127.0.0.1:" + server.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + host + ":" + local.getPort() + ";branch=z9hG4bK-" + caller + "-" + n
                + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + caller + "@" + host + ">;tag=" + caller + n + "\r\n"
                + "To: <sip:1000@127.0.0.1>\r\n"
                + "Call-ID: " + caller + "-" + n + "@" + host + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:" + caller + "@" + host + ":" + local.getPort() + ">\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        return msg.getBytes(StandardCharsets.US_ASCII);
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            try {
                buf.clear();
                channel.receive(buf);
                String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                responses.incrementAndGet();
                if (text.startsWith("SIP/2.0 100 ")) {
                    trying.incrementAndGet();
                } else if (text.startsWith("SIP/2.0 503 ")) {
                    serviceUnavailable.incrementAndGet();
                    if (text.contains("\r\nRetry-After: ")) {
                        withRetryAfter.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
