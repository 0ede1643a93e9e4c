package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds one RTP stream (single SSRC, monotonic seq and timestamp) and writes it as a classic pcap
 * (Ethernet / IPv4 / UDP) for SIPp's {@code play_pcap_audio}. SIPp rewrites addresses and ports but replays
 * RTP headers unchanged, so the payload types written here are the ones the peer must have negotiated
 * (PCMU 0, telephone-event {@link #eventPayloadType(int)}, 101 by default).
 *
 * <p>Typical use: {@code new RtpPcapWriter().silence(500).digits("1234#").silence(500).write(file)}.
 * Not thread-safe; one instance builds one stream.
 */
public final class RtpPcapWriter {
    public static final int PT_PCMU = 0;
    public static final int SAMPLES_PER_PACKET = 160;          // 20 ms at 8 kHz
    private static final long PACKET_US = 20_000;
    private static final byte MU_LAW_SILENCE = (byte) 0xFF;

    private final int ssrc;
    private int seq;
    private long timestamp;
    private long timeUs;
    private boolean firstAudioPacket = true;
    private final List<Packet> packets = new ArrayList<>();

    private int eventPayloadType = 101;
    private int toneMs = 160;
    private int gapMs = 240;
    private int volume = 10;
    private boolean endPacketsSameSeq;
    private boolean silenceDuringGaps = true;

    /** A packet at a time offset from the start of the capture. */
    public record Packet(long timeUs, byte[] rtp) {
    }

    public RtpPcapWriter() {
        this(new SecureRandom());
    }

    /** With a seeded random source the SSRC and initial seq/timestamp are reproducible. */
    public RtpPcapWriter(Random random) {
        this.ssrc = random.nextInt();
        this.seq = random.nextInt(1 << 15);
        this.timestamp = random.nextInt(1 << 30);
    }

    public RtpPcapWriter eventPayloadType(int pt) {
        if (pt < 0 || pt > 127) {
            throw new IllegalArgumentException("payload type " + pt);
        }
        this.eventPayloadType = pt;
        return this;
    }

    /** Length of each RFC 4733 event (rounded down to 20 ms steps, at least one packet). */
    public RtpPcapWriter toneMs(int ms) {
        this.toneMs = ms;
        return this;
    }

    /** Pause after each event of {@link #digits(String)}. */
    public RtpPcapWriter gapMs(int ms) {
        this.gapMs = ms;
        return this;
    }

    /** Event volume, -dBm0 (0..63). */
    public RtpPcapWriter volume(int volume) {
        if (volume < 0 || volume > 63) {
            throw new IllegalArgumentException("volume " + volume);
        }
        this.volume = volume;
        return this;
    }

    /** true: the three end packets share one seq (like SIPp's sample pcaps); false (default): seq increases. */
    public RtpPcapWriter endPacketsSameSeq(boolean same) {
        this.endPacketsSameSeq = same;
        return this;
    }

    /** false: no PCMU packets during silences and gaps (events only; the media clock still advances). */
    public RtpPcapWriter silenceDuringGaps(boolean send) {
        this.silenceDuringGaps = send;
        return this;
    }

    public int ssrc() {
        return ssrc;
    }

    /** Play time of everything added so far. */
    public long durationMs() {
        return timeUs / 1000;
    }

    public List<Packet> packets() {
        return List.copyOf(packets);
    }

    /** PCMU silence (or only clock advance when gaps are not filled). */
    public RtpPcapWriter silence(int ms) {
        int n = ms / 20;
        if (!silenceDuringGaps) {
            timestamp += (long) SAMPLES_PER_PACKET * n;
            timeUs += PACKET_US * n;
            return this;
        }
        byte[] frame = new byte[SAMPLES_PER_PACKET];
        java.util.Arrays.fill(frame, MU_LAW_SILENCE);
        for (int i = 0; i < n; i++) {
            audioPacket(frame);
        }
        return this;
    }

    /** μ-law audio at 8 kHz, cut into 20 ms packets (a trailing partial packet is padded with silence). */
    public RtpPcapWriter audio(byte[] ulaw) {
        for (int off = 0; off < ulaw.length; off += SAMPLES_PER_PACKET) {
            byte[] frame = new byte[SAMPLES_PER_PACKET];
            java.util.Arrays.fill(frame, MU_LAW_SILENCE);
            System.arraycopy(ulaw, off, frame, 0, Math.min(SAMPLES_PER_PACKET, ulaw.length - off));
            audioPacket(frame);
        }
        return this;
    }

    /** In-band DTMF: the digits as PCMU dual tones (see {@link DtmfTones}), using this writer's tone/gap. */
    public RtpPcapWriter inbandDigits(String digits) {
        return audio(G711.encodeMuLaw(DtmfTones.pcm(digits, toneMs, gapMs, DtmfTones.DEFAULT_AMPLITUDE)));
    }

    /** RFC 4733 events, each followed by {@link #gapMs(int)} of silence. */
    public RtpPcapWriter digits(String digits) {
        for (char c : digits.toCharArray()) {
            event(c);
            silence(gapMs);
        }
        return this;
    }

    /** One RFC 4733 event: marker on the first packet, duration +160 per 20 ms, three end packets. */
    public RtpPcapWriter event(char digit) {
        int code = eventCode(digit);
        long start = timestamp;
        int n = Math.max(1, toneMs / 20);
        for (int k = 1; k <= n; k++) {
            boolean end = k == n;
            int duration = SAMPLES_PER_PACKET * k;
            byte[] payload = {(byte) code, (byte) ((end ? 0x80 : 0) | volume), (byte) (duration >> 8), (byte) duration};
            int repeats = end ? 3 : 1;
            for (int r = 0; r < repeats; r++) {
                packets.add(new Packet(timeUs + r * 100L, rtp(eventPayloadType, k == 1, seq, start, payload)));
                boolean holdSeq = end && endPacketsSameSeq && r < repeats - 1;
                if (!holdSeq) {
                    seq = (seq + 1) & 0xFFFF;
                }
            }
            timeUs += PACKET_US;
        }
        timestamp = start + (long) SAMPLES_PER_PACKET * n;   // media clock carries on after the event
        return this;
    }

    /** RFC 4733 event code of 0-9 * # A-D. */
    public static int eventCode(char digit) {
        char d = Character.toUpperCase(digit);
        if (d >= '0' && d <= '9') {
            return d - '0';
        }
        return switch (d) {
            case '*' -> 10;
            case '#' -> 11;
            case 'A', 'B', 'C', 'D' -> 12 + (d - 'A');
            default -> throw new IllegalArgumentException("not a DTMF digit: " + digit);
        };
    }

    private void audioPacket(byte[] frame) {
        packets.add(new Packet(timeUs, rtp(PT_PCMU, firstAudioPacket, seq, timestamp, frame)));
        firstAudioPacket = false;
        seq = (seq + 1) & 0xFFFF;
        timestamp += SAMPLES_PER_PACKET;
        timeUs += PACKET_US;
    }

    private byte[] rtp(int pt, boolean marker, int seq, long ts, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq)
                .putInt((int) ts).putInt(ssrc).put(payload);
        return b.array();
    }

    /** Writes the pcap: LINKTYPE_ETHERNET, 127.0.0.1:10000 → 127.0.0.1:20000 (SIPp replaces both). */
    public Path write(Path file) throws IOException {
        long baseSec = 1_700_000_000L;
        int size = 24;
        for (Packet p : packets) {
            size += 16 + 14 + 20 + 8 + p.rtp().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (Packet p : packets) {
            byte[] frame = ethernetFrame(p.rtp());
            out.order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) (baseSec + p.timeUs() / 1_000_000)).putInt((int) (p.timeUs() % 1_000_000))
                    .putInt(frame.length).putInt(frame.length).put(frame);
        }
        Files.write(file, out.array());
        return file;
    }

    private static byte[] ethernetFrame(byte[] rtp) {
        int udpLen = 8 + rtp.length;
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + udpLen);          // big-endian network order
        f.put(new byte[12]).putShort((short) 0x0800);
        int ipStart = f.position();
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLen)).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(new byte[]{127, 0, 0, 1}).put(new byte[]{127, 0, 0, 1});
        f.putShort(ipStart + 10, ipChecksum(f.array(), ipStart));
        f.putShort((short) 10000).putShort((short) 20000).putShort((short) udpLen).putShort((short) 0).put(rtp);
        return f.array();
    }

    private static short ipChecksum(byte[] buf, int off) {
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((buf[off + i] & 0xFF) << 8) | (buf[off + i + 1] & 0xFF);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (short) ~sum;
    }
}
