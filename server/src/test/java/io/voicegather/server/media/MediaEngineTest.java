package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.rtp.PortRangeExhaustedException;
import io.voicegather.server.media.rtp.RtpHeader;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real UDP on 127.0.0.1: a test socket plays the phone. */
class MediaEngineTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int TELEPHONE_EVENT = 101;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Collects what a session reports. */
    private static final class Recorder implements MediaListener {
        final StringBuffer digits = new StringBuffer();
        final AtomicInteger timeouts = new AtomicInteger();
        final List<DigitSource> sources = new ArrayList<>();

        @Override
        public synchronized void onDigit(char digit, DigitSource source, long arrivalMillis) {
            digits.append(digit);
            sources.add(source);
        }

        @Override
        public void onRtpTimeout() {
            timeouts.incrementAndGet();
        }
    }

    @BeforeEach
    void setUp() {
        toClose.clear();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A random range per engine, so parallel builds on the machine rarely meet (and bind retries cover it). */
    private MediaEngine engine(Duration rtpTimeout, int pairs) throws IOException {
        int base = 20000 + 2 * ThreadLocalRandom.current().nextInt(15000);
        MediaEngine engine = new MediaEngine(LOOPBACK, base, base + 2 * pairs - 1, rtpTimeout);
        toClose.add(engine);
        engine.start();
        return engine;
    }

    private DatagramChannel phone() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(LOOPBACK, 0));
        toClose.add(channel);
        return channel;
    }

    private static InetSocketAddress address(DatagramChannel channel) throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    private static ByteBuffer rtp(boolean marker, int pt, int seq, int ts, int ssrc, byte[] payload) {
        byte[] packet = new byte[12 + payload.length];
        RtpHeader.write(packet, 0, marker, pt, seq, ts, ssrc);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return ByteBuffer.wrap(packet);
    }

    /** A phone-like RFC 4733 press: start with marker, updates every 20 ms, three end packets. */
    private static int sendPress(DatagramChannel phone, InetSocketAddress to, int event, int seq, int ts)
            throws Exception {
        int ssrc = 0xCAFEBABE;
        for (int i = 1; i <= 5; i++) {
            byte[] payload = {(byte) event, 10, (byte) ((160 * i) >>> 8), (byte) (160 * i)};
            phone.send(rtp(i == 1, TELEPHONE_EVENT, seq++, ts, ssrc, payload), to);
            Thread.sleep(20);
        }
        for (int i = 0; i < 3; i++) {
            byte[] payload = {(byte) event, (byte) 0x8A, (byte) (960 >>> 8), (byte) 960};
            phone.send(rtp(false, TELEPHONE_EVENT, seq++, ts, ssrc, payload), to);
            Thread.sleep(20);
        }
        return seq;
    }

    @Test
    void rfc4733StreamBecomesExactlyTheDigitsPressed() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 10);
        Recorder recorder = new Recorder();
        RtpSession session = engine.open(recorder);
        DatagramChannel phone = phone();
        session.start(address(phone), Codec.PCMU, 0, TELEPHONE_EVENT);
        InetSocketAddress to = new InetSocketAddress(LOOPBACK, session.localPort());

        int seq = 100;
        seq = sendPress(phone, to, 1, seq, 16000);
        Thread.sleep(60);
        seq = sendPress(phone, to, 1, seq, 24000);
        Thread.sleep(60);
        sendPress(phone, to, 11, seq, 32000);

        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.digits.length() >= 3);
        Thread.sleep(300); // nothing more may arrive, not even after the end time-out
        assertThat(recorder.digits).hasToString("11#");
        assertThat(recorder.sources).containsOnly(DigitSource.RFC4733);
        assertThat(session.stats().dtmfPacketsIn()).isEqualTo(24);
        assertThat(session.stats().packetsIn()).isEqualTo(24);
    }

    @Test
    void sendsAPacedSilenceStreamWithContinuousSequenceAndTimestamps() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 10);
        RtpSession session = engine.open(new Recorder());
        DatagramChannel phone = phone();
        phone.configureBlocking(false);
        session.start(address(phone), Codec.PCMU, 0, TELEPHONE_EVENT);

        List<byte[]> packets = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < end) {
            buffer.clear();
            if (phone.receive(buffer) == null) {
                Thread.sleep(2);
                continue;
            }
            buffer.flip();
            byte[] packet = new byte[buffer.remaining()];
            buffer.get(packet);
            packets.add(packet);
        }

        assertThat(packets.size()).as("about 50 packets in a second").isBetween(30, 80);
        byte[] first = packets.get(0);
        assertThat(RtpHeader.marker(first, 0)).as("marker on the first packet").isTrue();
        for (int i = 0; i < packets.size(); i++) {
            byte[] p = packets.get(i);
            assertThat(p).hasSize(12 + 160);
            assertThat(RtpHeader.version(p, 0)).isEqualTo(2);
            assertThat(RtpHeader.payloadType(p, 0)).isEqualTo(0);
            assertThat(RtpHeader.ssrc(p, 0)).isEqualTo(session.ssrc());
            for (int j = 12; j < p.length; j++) {
                assertThat(p[j]).isEqualTo(Codec.PCMU.silence());
            }
            if (i > 0) {
                byte[] previous = packets.get(i - 1);
                assertThat(RtpHeader.marker(p, 0)).isFalse();
                assertThat(RtpHeader.sequenceDelta(RtpHeader.sequence(previous, 0), RtpHeader.sequence(p, 0)))
                        .isEqualTo(1);
                int tsStep = RtpHeader.timestamp(p, 0) - RtpHeader.timestamp(previous, 0);
                assertThat(tsStep).as("timestamp advances whole packets").isPositive();
                assertThat(tsStep % 160).isZero();
            }
        }
        assertThat(session.stats().packetsOut()).isGreaterThanOrEqualTo(packets.size());
        assertThat(session.stats().bytesOut()).isEqualTo(session.stats().packetsOut() * 172);
    }

    @Test
    void playsAnAudioSourceThenFallsBackToSilence() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 10);
        RtpSession session = engine.open(new Recorder());
        DatagramChannel phone = phone();
        AtomicInteger finished = new AtomicInteger();
        // 400 samples of a constant level: two full packets and a part-filled third.
        AudioSource tone = new AudioSource() {
            int left = 400;

            @Override
            public int read(short[] pcm8k, int count) {
                int n = Math.min(count, left);
                for (int i = 0; i < n; i++) {
                    pcm8k[i] = 1000;
                }
                left -= n;
                return n;
            }

            @Override
            public void finished(boolean completed) {
                finished.addAndGet(completed ? 1 : 100);
            }
        };
        session.play(tone);
        session.start(address(phone), Codec.PCMA, 8, -1);

        byte[] level = {Codec.PCMA.encode((short) 1000)};
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        List<byte[]> payloads = new ArrayList<>();
        while (payloads.size() < 5) {
            buffer.clear();
            phone.receive(buffer);
            payloads.add(java.util.Arrays.copyOfRange(buffer.array(), 12, buffer.position()));
        }
        assertThat(payloads.get(0)).containsOnly(level[0]);
        assertThat(payloads.get(1)).containsOnly(level[0]);
        assertThat(java.util.Arrays.copyOfRange(payloads.get(2), 0, 80)).containsOnly(level[0]);
        assertThat(java.util.Arrays.copyOfRange(payloads.get(2), 80, 160)).containsOnly(Codec.PCMA.silence());
        assertThat(payloads.get(3)).containsOnly(Codec.PCMA.silence());
        assertThat(finished.get()).isEqualTo(1);
        assertThat(session.isPlaying()).isFalse();
    }

    @Test
    void inactivityTimeoutIsReportedOnce() throws Exception {
        MediaEngine engine = engine(Duration.ofMillis(500), 10);
        Recorder silentPeer = new Recorder();
        Recorder talkingPeer = new Recorder();
        RtpSession silent = engine.open(silentPeer);
        RtpSession talking = engine.open(talkingPeer);
        DatagramChannel phone = phone();
        silent.start(address(phone), Codec.PCMU, 0, -1);
        talking.start(address(phone), Codec.PCMU, 0, -1);
        InetSocketAddress to = new InetSocketAddress(LOOPBACK, talking.localPort());

        java.util.concurrent.atomic.AtomicBoolean keepTalking = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread talker = new Thread(() -> {
            int seq = 0;
            try {
                while (keepTalking.get()) {
                    phone.send(rtp(seq == 0, 0, seq, seq * 160, 7, new byte[160]), to);
                    seq++;
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        talker.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> silentPeer.timeouts.get() > 0);
            Thread.sleep(1000);
            assertThat(silentPeer.timeouts.get()).isEqualTo(1);
        } finally {
            keepTalking.set(false);
            talker.join();
        }
        assertThat(talkingPeer.timeouts.get()).as("a peer that keeps sending never times out").isZero();
    }

    @Test
    void latchesOntoTheAddressThePeerActuallySendsFrom() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 10);
        RtpSession session = engine.open(new Recorder());
        DatagramChannel natted = phone();
        DatagramChannel sdpAddress = phone(); // what the SDP said; the peer is really behind "natted"
        session.start(address(sdpAddress), Codec.PCMU, 0, TELEPHONE_EVENT);
        InetSocketAddress to = new InetSocketAddress(LOOPBACK, session.localPort());

        natted.send(rtp(true, 0, 1, 0, 9, new byte[160]), to);
        await().atMost(Duration.ofSeconds(5)).until(() -> address(natted).equals(session.remote()));
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        natted.receive(buffer); // blocks until the session sends here
        assertThat(RtpHeader.ssrc(buffer.array(), 0)).isEqualTo(session.ssrc());
    }

    @Test
    void closingReleasesThePortAndIsIdempotent() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 10);
        RtpSession session = engine.open(new Recorder());
        int port = session.localPort();
        assertThat(port % 2).isZero();
        assertThat(engine.portsInUse()).isEqualTo(1);
        session.start(new InetSocketAddress(LOOPBACK, 9), Codec.PCMU, 0, -1);

        session.close();
        session.close();
        assertThat(engine.portsInUse()).isZero();
        assertThat(engine.sessionCount()).isZero();
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
            try (DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port));
                 DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(LOOPBACK, port + 1))) {
                return rtp.isBound() && rtcp.isBound();
            }
        });
    }

    @Test
    void runningOutOfPortsIsAClearError() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 2);
        engine.open(new Recorder());
        engine.open(new Recorder());
        assertThatThrownBy(() -> engine.open(new Recorder())).isInstanceOf(PortRangeExhaustedException.class);
    }

    @Test
    void rtcpIsReadAndDiscarded() throws Exception {
        MediaEngine engine = engine(Duration.ofSeconds(30), 10);
        Recorder recorder = new Recorder();
        RtpSession session = engine.open(recorder);
        DatagramChannel phone = phone();
        session.start(address(phone), Codec.PCMU, 0, TELEPHONE_EVENT);
        InetSocketAddress rtcp = new InetSocketAddress(LOOPBACK, session.localRtcpPort());
        for (int i = 0; i < 200; i++) {
            phone.send(ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 200, 0, 6, 1, 2, 3, 4}), rtcp);
        }
        // Read: the RTCP socket's receive queue, as the kernel reports it, drains (it would stay full otherwise).
        await().atMost(Duration.ofSeconds(10)).until(() -> udpReceiveQueueBytes(session.localRtcpPort()) == 0);
        // Discarded: none of it counts as RTP or reaches the listener.
        assertThat(session.stats().packetsIn()).isZero();
        assertThat(recorder.digits).isEmpty();
    }

    /** Bytes waiting in the receive queue of the IPv4 UDP socket bound to {@code port} (Linux /proc/net/udp). */
    private static long udpReceiveQueueBytes(int port) throws IOException {
        String localPort = String.format(":%04X", port);
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp"))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 4 && fields[1].endsWith(localPort)) {
                return Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16);
            }
        }
        throw new AssertionError("no UDP socket on port " + port);
    }
}
