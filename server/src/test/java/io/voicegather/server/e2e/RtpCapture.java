package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Tshark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The RTP packets of a loopback capture with their capture times and payloads, as tshark decodes them. */
final class RtpCapture {
    /** One RTP packet; timeNanos is the capture time (epoch), payload is empty when tshark gave none. */
    record Packet(long timeNanos, int srcPort, int dstPort, int payloadType, byte[] payload) {
    }

    private RtpCapture() {
    }

    /** Every RTP packet to or from rtpPort (decoded as RTP on that port), in capture order. */
    static List<Packet> read(Path capture, int rtpPort) throws IOException, InterruptedException {
        Tshark.requireInstalled();
        Process p = new ProcessBuilder(Tshark.BINARY.toString(), "-r", capture.toString(),
                "-d", "udp.port==" + rtpPort + ",rtp", "-Y", "rtp", "-T", "fields", "-E", "separator=|",
                "-e", "frame.time_epoch", "-e", "udp.srcport", "-e", "udp.dstport", "-e", "rtp.p_type",
                "-e", "rtp.payload").start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tshark -r did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tshark -r failed (" + p.exitValue() + "): " + err);
        }
        List<Packet> packets = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split("\\|", -1);
            String hex = f.length > 4 ? f[4].replace(":", "").trim() : "";
            packets.add(new Packet(epochNanos(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3].split(",")[0]), hex.isEmpty() ? new byte[0] : HexFormat.of().parseHex(hex)));
        }
        return packets;
    }

    /** "1700000000.123456789" as nanoseconds, without the rounding of a double. */
    private static long epochNanos(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(s) * 1_000_000_000L;
        }
        String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(s.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
    }
}
