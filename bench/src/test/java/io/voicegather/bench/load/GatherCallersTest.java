package io.voicegather.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GatherCallers against the real server over loopback, with AutoGatherApp answering and gathering: every call is set
 * up, sends its digits, is hung up, and the server hears every digit.
 */
class GatherCallersTest {
    private static final String KEY = "test-key";

    @Test
    void threeCallsAreAnsweredGatherAllTheirDigitsAndEndWell(@TempDir Path dir) throws Exception {
        HttpServer hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        hooks.setExecutor(Executors.newFixedThreadPool(4));
        // a random even block in a high band keeps parallel runs apart; the server skips ports it cannot bind
        int rtp = 20000 + (ThreadLocalRandom.current().nextInt(20000) & ~1);
        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(new String[]{
                "--http-host", "127.0.0.1", "--http-port", "0", "--sip-host", "127.0.0.1", "--sip-port", "0",
                "--rtp-ports", rtp + "-" + (rtp + 99), "--data-dir", dir.resolve("data").toString(), "--api-key", KEY,
                "--webhook-url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks"}, Map.of()))) {
            AutoGatherApp app = new AutoGatherApp(URI.create("http://127.0.0.1:" + server.httpPort()), KEY, "12#",
                    dir.resolve("summary.json"));
            hooks.createContext("/", app::handle);
            hooks.start();

            Path stats = dir.resolve("generator.env");
            GatherCallers.main(new String[]{"--target", "127.0.0.1:" + server.sipPort(), "--rate", "10",
                    "--limit", "3", "--duration", "1", "--digits", "12#", "--call-ms", "2000",
                    "--timeout-ms", "3000", "--stats", stats.toString()});

            Properties generator = new Properties();
            generator.load(Files.newBufferedReader(stats));
            assertThat(generator.getProperty("GEN_CALLS_ATTEMPTED")).isEqualTo("3");
            assertThat(generator.getProperty("GEN_CALLS_HELD_PEAK")).isEqualTo("3");
            assertThat(generator.getProperty("GEN_CALLS_SUCCEEDED")).isEqualTo("3");
            assertThat(generator.getProperty("GEN_CALLS_FAILED")).isEqualTo("0");
            // the calls have ended; what is left is the webhooks on their way to the app
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                ObjectNode s = app.summary();
                assertThat(s.get("gathers_ended").asInt()).isEqualTo(3);
                assertThat(s.get("digits_received").asInt()).isEqualTo(9);
            });
            ObjectNode s = app.summary();
            assertThat(s.get("calls_answered").asInt()).isEqualTo(3);
            assertThat(s.get("gathers_ended_by_status").get("valid").asInt()).isEqualTo(3);
            assertThat(s.get("gathers_with_wrong_digits").asInt()).isZero();
        } finally {
            hooks.stop(0);
        }
    }
}
