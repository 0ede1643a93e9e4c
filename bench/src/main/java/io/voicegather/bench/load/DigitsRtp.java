package io.voicegather.bench.load;

import io.voicegather.api.command.DtmfKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTP stream of one load call: PCMU silence with RFC 4733 events (PT 101) spread evenly over the call, one SSRC,
 * continuous seq and timestamp. {@link DigitsPcap} writes it to the pcap SIPp plays; {@link GatherCallers} sends it
 * itself, so both generators put the same packets on the wire at the same times.
 */
final class DigitsRtp {
    static final int PACKET_US = 20_000;
    static final int SAMPLES_PER_PACKET = 160;
    private static final int TONE_PACKETS = 5;                  // 100 ms per digit
    private static final int LEAD_PACKETS = 50;                 // 1 s before the first digit: gather is armed by then
    private static final int TAIL_PACKETS = 25;

    /** Whole RTP packets (header and payload), in sending order. */
    final List<byte[]> packets = new ArrayList<>();
    /** Each packet's send time from the start of the media, µs; the repeated end packets sit 100 µs apart. */
    final List<Long> timesUs = new ArrayList<>();
    private final int ssrc;
    private int seq;
    private long ts;
    private long timeUs;

    private DigitsRtp(int ssrc, int seq, long ts) {
        this.ssrc = ssrc;
        this.seq = seq;
        this.ts = ts;
    }

    /** The stream for DIGITS over CALL_MS, starting at the given SSRC, sequence number and timestamp. */
    static DigitsRtp of(String digits, int callMs, int ssrc, int seq, long ts) {
        int callPackets = callMs / 20;
        int perDigit = (callPackets - LEAD_PACKETS - TAIL_PACKETS) / digits.length();
        if (perDigit < TONE_PACKETS + 3) {
            throw new IllegalArgumentException("call too short for " + digits.length() + " digits");
        }
        DigitsRtp s = new DigitsRtp(ssrc, seq, ts);
        s.silence(LEAD_PACKETS);
        for (char d : digits.toCharArray()) {
            s.event(code(d));
            s.silence(perDigit - TONE_PACKETS);
        }
        s.silence(TAIL_PACKETS);
        return s;
    }

    /** Length of the media, µs: the time after the last packet. */
    long playUs() {
        return timeUs;
    }

    /** The sequence number and timestamp a packet sent after the stream would carry. */
    int nextSeq() {
        return seq;
    }

    long nextTimestamp() {
        return ts;
    }

    /** One PCMU silence packet (marker clear, seq and timestamp 0) to send after the stream. */
    static byte[] silencePacket(int ssrc) {
        ByteBuffer b = ByteBuffer.allocate(12 + SAMPLES_PER_PACKET);
        b.put((byte) 0x80).put((byte) 0).putShort((short) 0).putInt(0).putInt(ssrc);
        while (b.hasRemaining()) {
            b.put((byte) 0xFF);
        }
        return b.array();
    }

    private static int code(char d) {
        int i = DtmfKey.eventCode(Character.toUpperCase(d));
        if (i < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + d);
        }
        return i;
    }

    private void silence(int count) {
        byte[] payload = new byte[SAMPLES_PER_PACKET];
        java.util.Arrays.fill(payload, (byte) 0xFF);
        for (int i = 0; i < count; i++) {
            add(0, packets.isEmpty(), ts, payload, 0);
            ts += SAMPLES_PER_PACKET;
            timeUs += PACKET_US;
        }
    }

    private void event(int code) {
        long start = ts;
        for (int k = 1; k <= TONE_PACKETS; k++) {
            boolean end = k == TONE_PACKETS;
            int duration = SAMPLES_PER_PACKET * k;
            byte[] payload = {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
            for (int r = 0; r < (end ? 3 : 1); r++) {
                add(101, k == 1, start, payload, r * 100L);
            }
            timeUs += PACKET_US;
        }
        ts = start + (long) SAMPLES_PER_PACKET * TONE_PACKETS;
    }

    private void add(int pt, boolean marker, long timestamp, byte[] payload, long offsetUs) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) timestamp)
                .putInt(ssrc).put(payload);
        seq = (seq + 1) & 0xFFFF;
        packets.add(b.array());
        timesUs.add(timeUs + offsetUs);
    }
}
