package io.voicegather.server.e2e;

import io.voicegather.server.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server as its users run it, a process of its own, stopped with SIGTERM: it drains (no new calls, /ready 503)
 * and exits once its last call has ended, not before; with no call, it exits at once.
 */
class SigtermDrainTest {
    private static final int SIGTERM_EXIT = 143;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process server;

    @TempDir
    Path data;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void withNoCallItExitsAtOnce() throws Exception {
        Ports ports = start("--drain-timeout-seconds", "600");
        awaitReady(ports);
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(server.exitValue()).isEqualTo(SIGTERM_EXIT);
    }

    @Test
    void withALiveCallItDrainsAndExitsOnlyOnceTheCallHasEnded() throws Exception {
        // the parked call ends by itself at the answer timeout, long before the drain's deadline
        Ports ports = start("--answer-timeout-seconds", "6", "--drain-timeout-seconds", "600");
        awaitReady(ports);
        long invited;
        try (InviteFlood caller = new InviteFlood("127.0.0.1", ports.sip, "lingering")) {
            caller.send(1, 10, () -> 0, 1);
            invited = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> caller.trying.get() == 1); // a call, parked
        }
        server.destroy(); // SIGTERM
        await().atMost(Duration.ofSeconds(10)).until(() -> status(ports, "/ready") == 503);
        assertThat(server.isAlive()).as("still serving its call").isTrue();

        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("exited after the call").isTrue();
        double afterInvite = (System.nanoTime() - invited) / 1e9;
        assertThat(afterInvite).as("not before the call ended at its 6 s answer timeout").isGreaterThan(5.0);
        assertThat(server.exitValue()).isEqualTo(SIGTERM_EXIT);
    }

    private record Ports(int http, int sip) {
    }

    private Ports start(String... extra) throws IOException {
        int httpPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            httpPort = s.getLocalPort();
        }
        int sipPort;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sipPort = s.getLocalPort();
        }
        int rtp = QuietPorts.forServer(10);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--http-host", "127.0.0.1", "--http-port", Integer.toString(httpPort),
                "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(sipPort),
                "--rtp-ports", rtp + "-" + (rtp + 9), "--data-dir", data.toString(), "--api-key", "sigterm-key"));
        command.addAll(List.of(extra));
        server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile()).start();
        return new Ports(httpPort, sipPort);
    }

    private void awaitReady(Ports ports) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> status(ports, "/ready") == 200);
    }

    private int status(Ports ports, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening (yet, or any more)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
