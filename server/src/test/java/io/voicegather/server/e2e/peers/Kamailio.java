package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio, the SIP front of a cluster, run in the foreground with the project's own configuration
 * ({@code deploy/kamailio/kamailio.cfg}) on a loopback UDP port, dispatching to the given nodes.
 */
public final class Kamailio implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/kamailio");
    /** The configuration the project ships; tests run in the server module's folder. */
    public static final Path CONFIG = Path.of("..", "deploy", "kamailio", "kamailio.cfg");

    private final Process process;
    private final int port;
    private final Path log;

    private Kamailio(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Fails (never skips) when Kamailio is missing, so a CI without it is red. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("Kamailio is required for the cluster tests but " + BINARY + " is missing. "
                    + "Install it: sudo apt-get install -y kamailio");
        }
    }

    /**
     * Starts Kamailio on a free loopback UDP port in front of {@code nodes} ("host:port" each, dispatcher set 1),
     * probing them every {@code probeSeconds}; returns once it answers an OPTIONS.
     */
    public static Kamailio start(Path workDir, List<String> nodes, int probeSeconds) throws IOException {
        requireInstalled();
        Files.createDirectories(workDir.resolve("run"));
        Path list = workDir.resolve("dispatcher.list");
        StringBuilder b = new StringBuilder();
        for (String node : nodes) {
            b.append("1 sip:").append(node).append('\n');
        }
        Files.writeString(list, b.toString());
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path log = workDir.resolve("kamailio.log");
        Process p = new ProcessBuilder(BINARY.toString(), "-DD", "-E", "-f", CONFIG.toAbsolutePath().toString(),
                "-l", "udp:127.0.0.1:" + port, "-Y", workDir.resolve("run").toString(), "-m", "64", "-M", "8",
                "-A", "DS_LIST=\"" + list.toAbsolutePath() + "\"", "-A", "DS_PING_INTERVAL=" + probeSeconds)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Kamailio k = new Kamailio(p, port, log);
        try {
            k.awaitAnswering(Duration.ofSeconds(20));
        } catch (IOException | RuntimeException e) {
            k.close();
            throw e;
        }
        return k;
    }

    /** "127.0.0.1:port": where phones send their calls. */
    public String target() {
        return "127.0.0.1:" + port;
    }

    /** Kamailio's own log (stderr), for a failing test's message. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitAnswering(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(200);
            for (int n = 0; System.nanoTime() < deadline; n++) {
                if (!process.isAlive()) {
                    throw new IOException("kamailio exited with " + process.exitValue() + ":\n" + log());
                }
                byte[] options = ("OPTIONS sip:127.0.0.1:" + port + " SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-up-" + n + "\r\n"
                        + "Max-Forwards: 70\r\nFrom: <sip:test@127.0.0.1>;tag=up\r\nTo: <sip:127.0.0.1>\r\n"
                        + "Call-ID: up-" + n + "-" + System.nanoTime() + "\r\nCSeq: 1 OPTIONS\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(options, options.length, InetAddress.getLoopbackAddress(), port));
                try {
                    DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                    socket.receive(answer);
                    if (new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII)
                            .startsWith("SIP/2.0 200 ")) {
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // not up yet
                }
            }
        }
        throw new IOException("kamailio did not answer within " + timeout + ":\n" + log());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
