package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.e2e.peers.Chromium;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev phone in a real browser (Debian's chromium with its fake microphone, driven by puppeteer-core from
 * conformance/browser): the page calls the server through the server's own SIP user agent; this test's
 * application answers and runs gather_using_speak with the built-in offline voice; the page hears speech, its
 * keypad's 1 2 3 # end the gather valid with 123, and its hang-up gives call.hangup.
 */
class DevPhoneBrowserTest {
    private static final Path APP = Chromium.SCRIPTS;

    @TempDir
    Path dir;

    @BeforeAll
    static void browserIsInstalled() {
        Chromium.require();
    }

    @Test
    void theBrowserCallsHearsThePromptKeysInTheDigitsAndHangsUp() throws Exception {
        try (E2eServer server = E2eServer.start(dir.resolve("data"), 20, "--dev-phone-port",
                Integer.toString(freeTcpPort()))) {
            assertThat(server.server.devPhonePort()).isPositive();
            Path stderr = dir.resolve("browser-stderr.log");
            ProcessBuilder pb = new ProcessBuilder("node", "phone_check.js").directory(APP.toFile())
                    .redirectError(stderr.toFile());
            pb.environment().put("BASE_URL", "http://127.0.0.1:" + server.server.httpPort());
            pb.environment().put("API_KEY", E2eServer.API_KEY);
            pb.environment().put("CALLER", "browser-caller");
            pb.environment().put("NUMBER", "+15550123");
            Process browser = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                        StandardCharsets.UTF_8));

                WebhookReceiver.Event initiated = server.awaitInitiated("browser-caller");
                String id = initiated.callControlId();
                assertThat(initiated.payload().path("to").asText()).isEqualTo("+15550123");
                assertThat(initiated.payload().path("direction").asText()).isEqualTo("incoming");
                server.answer(id);
                server.command(id, "gather_using_speak", body()
                        .put("payload", "Welcome to the dev phone. Please enter your code, then the pound key.")
                        .put("voice", "female").put("maximum_digits", 10).put("terminating_digit", "#")
                        .put("timeout_millis", 20000));

                assertThat(out.readLine()).as(Files.readString(stderr)).isEqualTo("keys sent");
                WebhookReceiver.Event ended = server.await("call.gather.ended", id);
                assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
                assertThat(ended.payload().path("digits").asText()).isEqualTo("123");
                assertThat(server.dtmfDigits(id)).isEqualTo("123#");

                OutputStream in = browser.getOutputStream();
                in.write("hangup\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
                WebhookReceiver.Event hangup = server.await("call.hangup", id);
                assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("caller");

                String last = null;
                for (String line; (line = out.readLine()) != null; ) {
                    last = line;
                }
                assertThat(browser.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(browser.exitValue()).as(Files.readString(stderr)).isZero();
                JsonNode seen = new ObjectMapper().readTree(last);
                assertThat(seen.path("phoneUrl").asText()).isEqualTo("/phone");
                assertThat(seen.path("stats").path("loudFrames").asInt()).as("frames of speech heard")
                        .isGreaterThanOrEqualTo(25);
                assertThat(seen.path("stats").path("micFrames").asInt()).as("microphone chunks sent").isPositive();
                assertThat(seen.path("stats").path("errors")).as("errors shown").isEmpty();
                assertThat(seen.path("stats").path("states").toString())
                        .contains("calling", "answered", "hanging up", "ended");
                assertThat(seen.path("stateText").asText()).isEqualTo("ended");
                assertThat(seen.path("detail").asText()).startsWith("hung up");
            } catch (Exception | AssertionError e) {
                browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(e.getMessage() + "\nthe browser said:\n" + Files.readString(stderr), e);
            } finally {
                browser.destroyForcibly();
            }
        }
    }

    private static int freeTcpPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
