package io.voicegather.server.devphone;

import io.voicegather.server.media.codec.G711;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dev phone's RTP against a UDP socket standing in for the server: what it sends when, what it hands the page. */
class DevPhoneMediaTest {
    private static final long T0 = 1_000_000_000L;
    private static final long PACKET = DevPhoneMedia.PACKET_NANOS;

    private final MicBuffer mic = new MicBuffer();
    private final List<short[]> toPage = new CopyOnWriteArrayList<>();
    private DatagramChannel server;
    private DevPhoneMedia media;

    @BeforeEach
    void open() throws IOException {
        server = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        media = new DevPhoneMedia("127.0.0.1", mic, pcm -> {
            short[] s = new short[pcm.remaining() / 2];
            pcm.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(s);
            toPage.add(s);
        });
        media.start((InetSocketAddress) server.getLocalAddress(), T0);
    }

    @AfterEach
    void close() throws IOException {
        media.close();
        server.close();
    }

    @Test
    void silenceUntilTheMicrophoneHasAudioThenItsAudioAsPcmu() throws Exception {
        media.tick(T0);
        Rtp first = receive();
        assertThat(first.payloadType).isEqualTo(0);
        assertThat(first.payload).hasSize(160).containsOnly((byte) 0xFF);

        byte[] pcm = new byte[2 * MicBuffer.PREBUFFER];
        for (int i = 0; i < MicBuffer.PREBUFFER; i++) {
            pcm[2 * i] = (byte) 0x10; // 0x0010 = 16, little-endian
        }
        mic.write(pcm);
        media.tick(T0 + PACKET);
        Rtp second = receive();
        assertThat(second.payloadType).isEqualTo(0);
        assertThat(second.payload).containsOnly(G711.linearToUlaw((short) 16));
        assertThat(second.seq).isEqualTo((first.seq + 1) & 0xFFFF);
        assertThat(second.timestamp).isEqualTo(first.timestamp + 160);
        assertThat(second.ssrc).isEqualTo(first.ssrc);
        assertThat(media.packetsSent()).isEqualTo(2);
    }

    @Test
    void aKeyIsAHundredMillisecondsOfRfc4733EventsEndingThreeTimes() throws Exception {
        media.tick(T0);
        Rtp before = receive();
        media.press('5');
        List<Rtp> event = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            media.tick(T0 + i * PACKET);
            event.add(receive());
        }
        event.add(receive()); // the end, twice more
        event.add(receive());
        assertThat(event).allSatisfy(p -> {
            assertThat(p.payloadType).isEqualTo(DevPhoneMedia.EVENT_PT);
            assertThat(p.timestamp).as("an event keeps its start's timestamp").isEqualTo(before.timestamp + 160);
            assertThat(p.payload[0]).as("event code of 5").isEqualTo((byte) 5);
        });
        assertThat(event.get(0).marker).as("the first packet of an event").isTrue();
        assertThat(event.subList(1, 7)).noneMatch(p -> p.marker);
        assertThat(event).extracting(p -> (p.payload[1] & 0x80) != 0)
                .containsExactly(false, false, false, false, true, true, true);
        assertThat(event).extracting(p -> ((p.payload[2] & 0xFF) << 8) | (p.payload[3] & 0xFF))
                .containsExactly(160, 320, 480, 640, 800, 800, 800);

        media.tick(T0 + 6 * PACKET);
        Rtp after = receive();
        assertThat(after.payloadType).as("audio again").isEqualTo(0);
        assertThat(after.timestamp).isEqualTo(before.timestamp + 6 * 160);
    }

    @Test
    void afterAStallAFewPacketsCatchUpAndTheClockJumps() throws Exception {
        media.tick(T0);
        Rtp first = receive();
        media.tick(T0 + 50 * PACKET);
        assertThat(media.packetsSent()).as("not 50 packets at once").isLessThanOrEqualTo(5);
        Rtp last = null;
        for (long i = 1; i < media.packetsSent(); i++) {
            last = receive();
        }
        assertThat(last.timestamp).as("the timestamp follows the clock").isEqualTo(first.timestamp + 50 * 160);
    }

    @Test
    void receivedPcmuReachesThePageAsLinearSamplesAndOtherPayloadTypesDoNot() throws Exception {
        byte[] ulaw = new byte[160];
        java.util.Arrays.fill(ulaw, G711.linearToUlaw((short) 1000));
        InetSocketAddress to = new InetSocketAddress("127.0.0.1", media.port());
        server.send(rtp(101, new byte[] {1, 0, 0, (byte) 160}), to);
        server.send(rtp(0, ulaw), to);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            media.tick(T0);
            return !toPage.isEmpty();
        });
        assertThat(toPage).hasSize(1);
        assertThat(toPage.get(0)).hasSize(160).containsOnly(G711.ulawToLinear(G711.linearToUlaw((short) 1000)));
        assertThat(media.packetsReceived()).isEqualTo(1);
    }

    private static ByteBuffer rtp(int payloadType, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80).put((byte) payloadType).putShort((short) 1)
                .putInt(160).putInt(42).put(payload).flip();
    }

    private record Rtp(int payloadType, boolean marker, int seq, int timestamp, int ssrc, byte[] payload) {
    }

    /** The next packet the dev phone sent the server. */
    private Rtp receive() {
        ByteBuffer b = ByteBuffer.allocate(2048);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> server.receive(b) != null);
        b.flip();
        assertThat(b.get(0) & 0xC0).as("RTP version 2").isEqualTo(0x80);
        byte[] payload = new byte[b.limit() - 12];
        b.get(12, payload);
        return new Rtp(b.get(1) & 0x7F, (b.get(1) & 0x80) != 0, b.getShort(2) & 0xFFFF, b.getInt(4), b.getInt(8),
                payload);
    }
}
