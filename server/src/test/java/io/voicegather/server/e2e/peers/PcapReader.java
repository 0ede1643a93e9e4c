package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back the RTP packets of a classic little-endian Ethernet/IPv4/UDP pcap (what {@link RtpPcapWriter} writes). */
final class PcapReader {
    record Rtp(long timeUs, int dstPort, boolean marker, int payloadType, int seq, long timestamp, int ssrc,
               byte[] payload) {
    }

    private PcapReader() {
    }

    static List<Rtp> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != 0xA1B2C3D4) {
            throw new IOException("not a little-endian microsecond pcap");
        }
        b.position(20);
        if (b.getInt() != 1) {
            throw new IOException("link type is not Ethernet");
        }
        List<Rtp> out = new ArrayList<>();
        long first = -1;
        while (b.remaining() >= 16) {
            long t = b.getInt() * 1_000_000L + b.getInt();
            int incl = b.getInt();
            b.getInt();
            ByteBuffer f = ByteBuffer.wrap(b.array(), b.position(), incl).slice().order(ByteOrder.BIG_ENDIAN);
            b.position(b.position() + incl);
            if (first < 0) {
                first = t;
            }
            if (f.getShort(12) != 0x0800 || f.get(14 + 9) != 17) {
                throw new IOException("not IPv4/UDP");
            }
            int ipLen = (f.get(14) & 0x0F) * 4;
            int udp = 14 + ipLen;
            int dst = f.getShort(udp + 2) & 0xFFFF;
            int udpLen = f.getShort(udp + 4) & 0xFFFF;
            int rtp = udp + 8;
            byte[] payload = new byte[udpLen - 8 - 12];
            f.get(rtp + 12, payload);
            out.add(new Rtp(t - first, dst, (f.get(rtp + 1) & 0x80) != 0, f.get(rtp + 1) & 0x7F,
                    f.getShort(rtp + 2) & 0xFFFF, f.getInt(rtp + 4) & 0xFFFFFFFFL, f.getInt(rtp + 8), payload));
        }
        return out;
    }
}
