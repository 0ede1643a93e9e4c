package io.voicegather.bench.load;

import io.voicegather.api.command.DtmfKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the pcap each load call plays through SIPp: one RTP stream (single SSRC, monotonic seq/timestamp) of
 * PCMU silence with RFC 4733 events (PT 101, as the SIPp scenario offers) spread evenly over the call.
 *
 * <pre>DigitsPcap OUT.pcap DIGITS CALL_MS   → prints the play time in ms</pre>
 */
public final class DigitsPcap {
    private static final int TONE_PACKETS = 5;                  // 100 ms per digit
    private static final int LEAD_PACKETS = 50;                 // 1 s before the first digit: gather is armed by then

    private final List<byte[]> rtp = new ArrayList<>();
    private final List<Long> timesUs = new ArrayList<>();
    private final int ssrc;
    private int seq;
    private long ts;
    private long timeUs;

    private DigitsPcap(SecureRandom random) {
        ssrc = random.nextInt();
        seq = random.nextInt(1 << 15);
        ts = random.nextInt(1 << 30);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DigitsPcap OUT.pcap DIGITS CALL_MS");
            System.exit(2);
        }
        String digits = args[1];
        int callPackets = Integer.parseInt(args[2]) / 20;
        int perDigit = (callPackets - LEAD_PACKETS - 25) / digits.length();
        if (perDigit < TONE_PACKETS + 3) {
            throw new IllegalArgumentException("call too short for " + digits.length() + " digits");
        }
        DigitsPcap p = new DigitsPcap(new SecureRandom());
        p.silence(LEAD_PACKETS);
        for (char d : digits.toCharArray()) {
            p.event(code(d));
            p.silence(perDigit - TONE_PACKETS);
        }
        p.silence(25);
        p.write(Path.of(args[0]));
        System.out.println(p.timeUs / 1000);
    }

    private static int code(char d) {
        int i = DtmfKey.eventCode(Character.toUpperCase(d));
        if (i < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + d);
        }
        return i;
    }

    private void silence(int packets) {
        byte[] payload = new byte[160];
        java.util.Arrays.fill(payload, (byte) 0xFF);
        for (int i = 0; i < packets; i++) {
            add(0, rtp.isEmpty(), ts, payload, 0);
            ts += 160;
            timeUs += 20_000;
        }
    }

    private void event(int code) {
        long start = ts;
        for (int k = 1; k <= TONE_PACKETS; k++) {
            boolean end = k == TONE_PACKETS;
            int duration = 160 * k;
            byte[] payload = {(byte) code, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
            for (int r = 0; r < (end ? 3 : 1); r++) {
                add(101, k == 1, start, payload, r * 100L);
            }
            timeUs += 20_000;
        }
        ts = start + 160L * TONE_PACKETS;
    }

    private void add(int pt, boolean marker, long timestamp, byte[] payload, long offsetUs) {
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq).putInt((int) timestamp)
                .putInt(ssrc).put(payload);
        seq = (seq + 1) & 0xFFFF;
        rtp.add(b.array());
        timesUs.add(timeUs + offsetUs);
    }

    private void write(Path file) throws IOException {
        int size = 24;
        for (byte[] r : rtp) {
            size += 16 + 42 + r.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < rtp.size(); i++) {
            byte[] r = rtp.get(i);
            long t = timesUs.get(i);
            out.order(ByteOrder.LITTLE_ENDIAN).putInt((int) (1_700_000_000L + t / 1_000_000)).putInt((int) (t % 1_000_000))
                    .putInt(42 + r.length).putInt(42 + r.length);
            out.order(ByteOrder.BIG_ENDIAN).put(new byte[12]).putShort((short) 0x0800);
            int ip = out.position();
            out.put((byte) 0x45).put((byte) 0).putShort((short) (28 + r.length)).putShort((short) 0)
                    .putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[]{127, 0, 0, 1}).put(new byte[]{127, 0, 0, 1});
            int sum = 0;
            for (int j = 0; j < 20; j += 2) {
                sum += out.getShort(ip + j) & 0xFFFF;
            }
            sum = (sum & 0xFFFF) + (sum >> 16);
            sum = (sum & 0xFFFF) + (sum >> 16);
            out.putShort(ip + 10, (short) ~sum);
            out.putShort((short) 10000).putShort((short) 20000).putShort((short) (8 + r.length)).putShort((short) 0)
                    .put(r);
        }
        Files.write(file, out.array());
    }
}
