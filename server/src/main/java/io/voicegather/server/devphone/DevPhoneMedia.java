package io.voicegather.server.devphone;

import io.voicegather.api.command.DtmfKey;
import io.voicegather.server.media.codec.G711;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One dev phone call's RTP: every 20 ms a PCMU packet of the page's microphone audio (silence when it has none)
 * or, while a key is pressed, an RFC 4733 telephone-event packet; what the server sends, PCMU decoded to PCM16
 * little-endian frames for the page. One UDP socket per call; only the dev phone's thread touches it.
 */
final class DevPhoneMedia implements AutoCloseable {
    static final int SAMPLES = 160;
    static final long PACKET_NANOS = 20_000_000L;
    static final int EVENT_PT = 101;
    /** A key is sent as 100 ms of tone: 5 packets, the last (the end) three times, as RFC 4733 section 2.5.1.4. */
    private static final int EVENT_PACKETS = 5;
    private static final int EVENT_VOLUME = 10;
    /** After a stall, packets are not sent in a burst to catch up: the clock jumps instead. */
    private static final int MAX_CATCH_UP = 3;

    private final DatagramChannel channel;
    private final MicBuffer mic;
    private final Consumer<ByteBuffer> toPage;
    private final ByteBuffer out = ByteBuffer.allocateDirect(12 + SAMPLES);
    private final ByteBuffer in = ByteBuffer.allocate(2048);
    private final short[] samples = new short[SAMPLES];
    private final short[] decoded = new short[1024];
    private final ByteBuffer pcm = ByteBuffer.allocate(2 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[] ulaw = new byte[SAMPLES];
    private final Queue<Character> keys = new ArrayDeque<>();
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private int seq = ThreadLocalRandom.current().nextInt(1 << 15);
    private int timestamp = ThreadLocalRandom.current().nextInt(1 << 30);
    private InetSocketAddress remote;
    private long nextDue;
    private int eventCode = -1;
    private int eventPacket;
    private int eventStart;
    private long sent;
    private long received;

    /** @param toPage gets each received packet's audio as PCM16 little-endian, 8 kHz */
    DevPhoneMedia(String localHost, MicBuffer mic, Consumer<ByteBuffer> toPage) throws IOException {
        this.mic = mic;
        this.toPage = toPage;
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(localHost, 0)).configureBlocking(false);
    }

    int port() throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    /** Sending starts now, to {@code to}. */
    void start(InetSocketAddress to, long nowNanos) {
        remote = to;
        nextDue = nowNanos;
    }

    /** A keypad key (0-9, *, #, A-D) to send as RFC 4733 events after those queued before. */
    static boolean isKey(char c) {
        return DtmfKey.eventCode(Character.toUpperCase(c)) >= 0;
    }

    void press(char key) {
        keys.add(Character.toUpperCase(key));
    }

    long packetsSent() {
        return sent;
    }

    long packetsReceived() {
        return received;
    }

    /** Reads what arrived and sends what is due by {@code nowNanos}. */
    void tick(long nowNanos) throws IOException {
        receive();
        if (remote == null) {
            return;
        }
        if (nowNanos - nextDue > MAX_CATCH_UP * PACKET_NANOS) {
            long skipped = (nowNanos - nextDue) / PACKET_NANOS;
            nextDue += skipped * PACKET_NANOS;
            timestamp += (int) skipped * SAMPLES;
        }
        while (nextDue <= nowNanos) {
            sendOne();
            nextDue += PACKET_NANOS;
        }
    }

    private void sendOne() throws IOException {
        if (eventCode < 0 && !keys.isEmpty()) {
            eventCode = DtmfKey.eventCode(keys.poll());
            eventPacket = 0;
            eventStart = timestamp;
        }
        out.clear();
        if (eventCode >= 0) {
            eventPacket++;
            boolean end = eventPacket == EVENT_PACKETS;
            int duration = SAMPLES * eventPacket;
            header(EVENT_PT, eventPacket == 1, eventStart);
            out.put((byte) eventCode).put((byte) ((end ? 0x80 : 0) | EVENT_VOLUME)).putShort((short) duration).flip();
            for (int i = 0; i < (end ? 3 : 1); i++) {
                out.rewind();
                channel.send(out, remote);
                if (i == 0) {
                    seq++; // the repeated end packets keep one sequence number
                }
            }
            if (end) {
                eventCode = -1;
            }
        } else {
            header(0, false, timestamp);
            if (mic.read(samples)) {
                G711.linearToUlaw(samples, 0, SAMPLES, ulaw, 0);
                out.put(ulaw);
            } else {
                for (int i = 0; i < SAMPLES; i++) {
                    out.put((byte) 0xFF); // PCMU silence
                }
            }
            out.flip();
            channel.send(out, remote);
            seq++;
        }
        timestamp += SAMPLES;
        sent++;
    }

    private void header(int payloadType, boolean marker, int ts) {
        out.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | payloadType)).putShort((short) seq).putInt(ts)
                .putInt(ssrc);
    }

    /** Every packet waiting: PCMU audio goes to the page, anything else is dropped. */
    private void receive() throws IOException {
        while (true) {
            in.clear();
            if (channel.receive(in) == null) {
                return;
            }
            in.flip();
            int length = in.limit();
            if (length < 12 || (in.get(0) & 0xC0) != 0x80) {
                continue;
            }
            int headerLength = 12 + 4 * (in.get(0) & 0x0F);
            if ((in.get(0) & 0x10) != 0 && length >= headerLength + 4) {
                headerLength += 4 + 4 * (in.getShort(headerLength + 2) & 0xFFFF);
            }
            int payloadLength = length - headerLength;
            if ((in.get(1) & 0x7F) != 0 || payloadLength <= 0 || payloadLength > decoded.length) {
                continue;
            }
            received++;
            G711.ulawToLinear(in.array(), headerLength, payloadLength, decoded, 0);
            pcm.clear();
            for (int i = 0; i < payloadLength; i++) {
                pcm.putShort(decoded[i]);
            }
            toPage.accept(pcm.flip()); // copied into the frame: the buffer is ours again at once
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
