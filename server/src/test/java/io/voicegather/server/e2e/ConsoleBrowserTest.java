package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.Chromium;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real browser (Debian's chromium, driven by puppeteer-core from conformance/browser): a wrong key
 * on the login form is refused; the right one shows a real SIPp call that gathered its keys, and its timeline holds
 * the gather command and the call.gather.ended webhook with the digits.
 */
class ConsoleBrowserTest {
    private static final Path APP = Chromium.SCRIPTS;

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
        Chromium.require();
    }

    @Test
    void theConsoleShowsACallAndItsTimelineToWhoeverHasTheKey() throws Exception {
        String id;
        WebhookReceiver.Event ended;
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "browsed", SippCaller.keys().digits("42#"))) {
            id = server.awaitInitiated("browsed").callControlId();
            server.answer(id);
            server.command(id, "gather", body().put("maximum_digits", 5).put("terminating_digit", "#")
                    .put("initial_timeout_millis", 15000));
            ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("digits").asText()).isEqualTo("42");
            server.hooks.failNext(1, 503); // the hangup's first delivery fails, its retry succeeds
            server.hangup(id);
            SippCaller.assertSucceeded(phone.await(), 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> server.hooks.events().stream()
                    .anyMatch(e -> e.eventType().equals("call.hangup") && e.callControlId().equals(id)));
        }

        Path stderr = dir.resolve("browser-stderr.log");
        ProcessBuilder pb = new ProcessBuilder("node", "console_check.js").directory(APP.toFile())
                .redirectError(stderr.toFile());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + server.server.httpPort());
        pb.environment().put("API_KEY", E2eServer.API_KEY);
        pb.environment().put("CALLER", "browsed");
        // -Dscreenshots.dir=../docs/images refreshes the README's picture of the console
        String screenshots = System.getProperty("screenshots.dir");
        if (screenshots != null) {
            pb.environment().put("SCREENSHOT", Path.of(screenshots).toAbsolutePath().resolve("console.png").toString());
        }
        Process browser = pb.start();
        String out = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(browser.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(browser.exitValue()).as(Files.readString(stderr)).isZero();

        JsonNode seen = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        assertThat(seen.path("wrongKeyMessage").asText()).isEqualTo("That is not an API key of this server.");
        assertThat(seen.path("wrongKeyUrl").asText()).as("still on the login form").isEqualTo("/console/login");
        assertThat(seen.path("loggedInUrl").asText()).isEqualTo("/console");
        assertThat(seen.path("callRow").asText()).startsWith("ended").contains("browsed");
        assertThat(seen.path("timeline").toString()).contains("command answer", "command gather",
                "webhook call.initiated", "webhook call.gather.ended", "command hangup", "webhook call.hangup");
        assertThat(seen.path("gatherDetails").asText()).contains("digits 42");
        assertThat(seen.path("sip").toString()).as("the SIP summary in the timeline")
                .contains("\u2190 INVITE sip:", "\u2192 200 OK (INVITE)", "\u2190 ACK", "\u2192 BYE", "\u2190 200 OK (BYE)");
        assertThat(seen.path("replayStatus").asInt()).isEqualTo(202);
        assertThat(seen.path("chartCalls").asText()).as("the active-calls chart").isEqualTo("0");
        assertThat(seen.path("hangupDeliveries").toString()).as("each delivery attempt, with its status")
                .contains("attempt 1: 503 in ").contains("attempt 2: 200 in ");
        // the replayed webhook: the same event, data.id included, delivered a second time
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(server.hooks.events())
                .filteredOn(e -> e.eventType().equals("call.gather.ended") && e.callControlId().equals(id))
                .hasSize(2).extracting(E2eServer::eventId).containsOnly(E2eServer.eventId(ended)));
    }
}
