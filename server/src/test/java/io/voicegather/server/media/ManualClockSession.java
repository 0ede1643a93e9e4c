package io.voicegather.server.media;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.rtp.RtpHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;

/**
 * A session on real loopback sockets whose media clock is the test: a tick runs only when {@link #tick} is called,
 * on the calling thread, with a clock that advances one packet time per tick. The phone socket receives what the
 * session sends; on Linux a loopback datagram is queued on the receiving socket by the send itself, so the packet
 * of a tick is there when {@link #tick} returns.
 */
public final class ManualClockSession implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int PACKET_NANOS = 20_000_000;
    static final int TELEPHONE_EVENT = 101;

    final MediaEngine engine;
    public final RtpSession session;
    /** Plays the phone: non-blocking, so a tick that sent nothing shows as {@code null}. */
    final DatagramChannel phone;
    private final long originNanos = System.nanoTime();
    private final ByteBuffer received = ByteBuffer.allocate(2048);
    private long nextTick;

    /** A listener that ignores what it hears; it keeps no state, so sessions may share it. */
    static final MediaListener DEAF = new MediaListener() {
        @Override
        public void onDigit(char digit, DigitSource source, long arrivalMillis) {
        }

        @Override
        public void onRtpTimeout() {
        }
    };

    /** A session whose listener ignores what it hears (a field initialiser: one per test). */
    public static ManualClockSession ignoringWhatItHears() {
        try {
            return new ManualClockSession(DEAF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ManualClockSession(MediaListener listener) throws IOException {
        engine = new MediaEngine(LOOPBACK, 20000, 20001, Duration.ofSeconds(30));
        engine.manuallyClocked();
        // Blocking, unlike the engine's: a test reads the session's socket itself, as the receive thread would.
        DatagramChannel rtp = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        DatagramChannel rtcp = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        session = new RtpSession(engine, listener, rtp, rtcp, ((InetSocketAddress) rtp.getLocalAddress()).getPort(),
                160, Duration.ofSeconds(30).toNanos());
        phone = DatagramChannel.open().bind(new InetSocketAddress(LOOPBACK, 0));
        phone.configureBlocking(false);
    }

    /** Starts sending PCMU (payload type 0, telephone-event 101) to the phone. */
    public void start() throws IOException {
        session.start(phoneAddress(), Codec.PCMU, 0, TELEPHONE_EVENT);
    }

    InetSocketAddress phoneAddress() throws IOException {
        return (InetSocketAddress) phone.getLocalAddress();
    }

    InetSocketAddress sessionAddress() {
        return new InetSocketAddress(LOOPBACK, session.localPort());
    }

    long nowNanos() {
        return originNanos + nextTick * PACKET_NANOS;
    }

    /** Runs one clock tick; returns the payload the phone got from it, or null when nothing was sent. */
    public byte[] tick() throws IOException {
        engine.tick(nextTick, nowNanos());
        nextTick++;
        received.clear();
        if (phone.receive(received) == null) {
            return null;
        }
        return Arrays.copyOfRange(received.array(), RtpHeader.FIXED_LENGTH, received.position());
    }

    /** A datagram read from the session's socket and not handed to it yet. */
    record Datagram(byte[] bytes, int length, InetSocketAddress from) {
    }

    /** Waits for the next datagram on the session's socket, as the receive thread's read does. */
    Datagram receive() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        InetSocketAddress from = (InetSocketAddress) session.rtpChannel().receive(buffer);
        return new Datagram(buffer.array(), buffer.position(), from);
    }

    /** Hands a datagram to the session, as the receive thread does after its read. */
    void deliver(Datagram datagram) {
        session.onRtpPacket(datagram.bytes(), datagram.length(), datagram.from(), nowNanos(), nowNanos() / 1_000_000);
    }

    @Override
    public void close() throws IOException {
        session.close();
        phone.close();
    }
}
