package io.voicegather.server.e2e.peers;

import io.voicegather.api.command.DtmfKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * tshark as a capture on the loopback interface and as an independent RTP/RFC 4733 decoder of pcap files.
 * A capture is bounded by its own duration limit and by {@link #close()}.
 */
public final class Tshark implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/tshark");

    /** One telephone-event packet as tshark decoded it. */
    public record RtpEvent(int srcPort, int dstPort, int payloadType, int seq, long timestamp, boolean marker,
                           long ssrc, int eventId, boolean end, int duration) {
    }

    private final Process process;
    private final Path file;

    private Tshark(Process process, Path file) {
        this.process = process;
        this.file = file;
    }

    /** Fails (never skips) when tshark is missing. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("tshark is required for the end-to-end tests but " + BINARY + " is missing. "
                    + "Install it: sudo apt-get install -y tshark (and allow non-root capture if not root)");
        }
    }

    /**
     * Starts capturing on lo with a BPF capture filter (e.g. "udp portrange 30000-30100") into file, and returns
     * once tshark reports that it is capturing. The capture ends itself after maxDuration.
     */
    public static Tshark captureLoopback(Path file, String captureFilter, Duration maxDuration)
            throws IOException, InterruptedException {
        requireInstalled();
        Path err = file.resolveSibling(file.getFileName() + ".stderr");
        Process p = new ProcessBuilder(BINARY.toString(), "-i", "lo", "-f", captureFilter, "-w", file.toString(),
                "-q", "-a", "duration:" + Math.max(1, maxDuration.toSeconds()))
                .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(err) ? Files.readString(err, StandardCharsets.ISO_8859_1) : "";
            if (text.contains("Capturing on")) {
                Thread.sleep(300);   // the message precedes the first poll of the interface by a moment
                return new Tshark(p, file);
            }
            if (!p.isAlive()) {
                throw new AssertionError("tshark capture on lo failed (exit " + p.exitValue() + "): " + text
                        + "\nCapturing needs root or a capable dumpcap: sudo setcap "
                        + "cap_net_raw,cap_net_admin+eip /usr/bin/dumpcap");
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("tshark did not start capturing within 15 s");
    }

    /** Stops the capture (SIGTERM lets tshark flush the file) and returns the file. */
    public Path stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        return file;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    /**
     * All RFC 4733 packets in a capture. rtpPorts: UDP ports to decode as RTP; none = tshark's RTP heuristic
     * (needed when the ports are not known, e.g. a peer chose them).
     */
    public static List<RtpEvent> rtpEvents(Path capture, int... rtpPorts) throws IOException, InterruptedException {
        requireInstalled();
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-r", capture.toString()));
        if (rtpPorts.length == 0) {
            cmd.addAll(List.of("-o", "rtp.heuristic_rtp:TRUE"));
        }
        for (int port : rtpPorts) {
            cmd.addAll(List.of("-d", "udp.port==" + port + ",rtp"));
        }
        cmd.addAll(List.of("-Y", "rtpevent", "-T", "fields", "-E", "separator=,",
                "-e", "udp.srcport", "-e", "udp.dstport", "-e", "rtp.p_type", "-e", "rtp.seq", "-e", "rtp.timestamp",
                "-e", "rtp.marker", "-e", "rtp.ssrc", "-e", "rtpevent.event_id", "-e", "rtpevent.end_of_event",
                "-e", "rtpevent.duration"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tshark -r did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("tshark -r failed (" + p.exitValue() + "): " + err);
        }
        List<RtpEvent> events = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(",", -1);
            events.add(new RtpEvent(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                    Integer.parseInt(f[3]), Long.parseLong(f[4]), flag(f[5]), Long.decode(f[6]),
                    Integer.parseInt(f[7]), flag(f[8]), Integer.parseInt(f[9])));
        }
        return events;
    }

    /** The digits of the events that ended (one per SSRC + RTP timestamp), in order of appearance. */
    public static String endedDigits(List<RtpEvent> events) {
        Map<String, Integer> ended = new LinkedHashMap<>();
        for (RtpEvent e : events) {
            if (e.end()) {
                ended.putIfAbsent(e.ssrc() + "/" + e.timestamp(), e.eventId());
            }
        }
        StringBuilder digits = new StringBuilder();
        ended.values().forEach(id -> digits.append(DtmfKey.fromEventCode(id)));
        return digits.toString();
    }

    private static boolean flag(String s) {
        return s.equals("1") || s.equalsIgnoreCase("true") || s.equalsIgnoreCase("True");
    }
}
