package io.voicegather.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

/**
 * Writes the pcap each load call plays through SIPp: the {@link DigitsRtp} stream (PCMU silence with RFC 4733 events,
 * PT 101 as the SIPp scenario offers) as UDP over IPv4 on loopback.
 *
 * <pre>DigitsPcap OUT.pcap DIGITS CALL_MS   → prints the play time in ms</pre>
 */
public final class DigitsPcap {
    private DigitsPcap() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DigitsPcap OUT.pcap DIGITS CALL_MS");
            System.exit(2);
        }
        SecureRandom random = new SecureRandom();
        DigitsRtp stream = DigitsRtp.of(args[1], Integer.parseInt(args[2]), random.nextInt(),
                random.nextInt(1 << 15), random.nextInt(1 << 30));
        write(Path.of(args[0]), stream.packets, stream.timesUs);
        System.out.println(stream.playUs() / 1000);
    }

    private static void write(Path file, List<byte[]> rtp, List<Long> timesUs) throws IOException {
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
