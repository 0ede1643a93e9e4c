package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.ai.vad.SpeechClips;
import io.voicegather.server.e2e.peers.BrowserScript;
import io.voicegather.server.e2e.peers.Chromium;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.Wav;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dev phone in a real browser (Debian's chromium with its fake microphone, driven by puppeteer-core from
 * conformance/browser): the page calls the server through the server's own SIP user agent, and this test plays the
 * application. With gather_using_speak the page hears the prompt, its keypad's 1 2 3 # end the gather with 123, and
 * its hang-up gives call.hangup; with gather_using_ai the fake microphone's speech reaches the recogniser stand-in
 * and its transcript fills the gather.
 */
class DevPhoneBrowserTest {
    private static final Duration STEP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @BeforeAll
    static void browserIsInstalled() {
        Chromium.require();
    }

    @Test
    void theBrowserCallsHearsThePromptKeysInTheDigitsAndHangsUp() throws Exception {
        try (E2eServer server = E2eServer.withDevPhone(dir.resolve("data"));
             BrowserScript browser = phone(server, "browser-caller", "+15550123", Map.of("KEYS", "123#"))) {
            WebhookReceiver.Event initiated = server.awaitInitiated("browser-caller");
            String id = initiated.callControlId();
            assertThat(initiated.payload().path("to").asText()).isEqualTo("+15550123");
            assertThat(initiated.payload().path("direction").asText()).isEqualTo("incoming");
            server.answer(id);
            browser.expectLine("answered", STEP);
            server.command(id, "gather_using_speak", body()
                    .put("payload", "Welcome to the dev phone. Please enter your code, then the pound key.")
                    .put("voice", "female").put("maximum_digits", 10).put("terminating_digit", "#")
                    .put("timeout_millis", 30000));

            browser.expectLine("keys sent", STEP);
            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).isEqualTo("123");
            assertThat(server.dtmfDigits(id)).as("each key once, as RFC 4733 events").isEqualTo("123#");

            browser.send("hangup");
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("caller");

            JsonNode seen = browser.result(STEP);
            assertThat(seen.path("phoneUrl").asText()).isEqualTo("/phone");
            assertThat(seen.path("stats").path("loudFrames").asInt()).as("frames of speech heard")
                    .isGreaterThanOrEqualTo(25);
            assertThat(seen.path("stats").path("errors")).as("errors shown").isEmpty();
            assertThat(seen.path("stats").path("states").toString())
                    .contains("calling", "answered", "hanging up", "ended");
            assertThat(seen.path("stateText").asText()).isEqualTo("ended");
            assertThat(seen.path("detail").asText()).startsWith("hung up");
        }
    }

    @Test
    void theFakeMicrophonesSpeechAnswersAnAiGather() throws Exception {
        // the microphone says "Paris", then is silent for two seconds, in a loop
        short[] paris = SpeechClips.speak("en-us", "Paris");
        Path wav = Wav.writePcm16Mono8k(dir.resolve("mic.wav"), Wav.padWithSilence(paris, 2));
        try (FakeAiServer recogniser = FakeAiServer.start().defaultTranscript("Paris");
             E2eServer server = E2eServer.withDevPhone(dir.resolve("data"), "--stt-url", recogniser.baseUrl());
             BrowserScript browser = phone(server, "browser-speaker", "+15550124",
                     Map.of("MIC_WAV", wav.toString()))) {
            String id = server.awaitInitiated("browser-speaker").callControlId();
            server.answer(id);
            browser.expectLine("answered", STEP);
            server.command(id, "gather_using_ai", body().set("parameters", new ObjectMapper().readTree("""
                    {"type":"object","properties":{"city":{"type":"string","description":"Your city"}},
                     "required":["city"]}""")));

            WebhookReceiver.Event ended = server.await("call.ai_gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("result").path("city").asText()).isEqualTo("Paris");
            // what the recogniser got is the microphone's word: about its length, and loud
            FakeAiServer.SttRequest heard = recogniser.sttRequests().get(0);
            assertThat(heard.durationMillis()).as("an utterance about as long as the spoken word")
                    .isBetween(200L, 3000L);
            assertThat(rms(heard.samples())).as("the utterance's loudness").isGreaterThan(rms(paris) / 8);

            browser.send("hangup");
            server.await("call.hangup", id);
            JsonNode seen = browser.result(STEP);
            assertThat(seen.path("stats").path("micFrames").asInt()).as("microphone chunks sent").isPositive();
            assertThat(seen.path("stats").path("errors")).as("errors shown").isEmpty();
        }
    }

    private BrowserScript phone(E2eServer server, String caller, String number, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("BASE_URL", "http://127.0.0.1:" + server.server.httpPort());
        env.put("API_KEY", E2eServer.API_KEY);
        env.put("CALLER", caller);
        env.put("NUMBER", number);
        // -Dscreenshots.dir=../docs/images refreshes the README's picture of the dev phone
        String screenshots = System.getProperty("screenshots.dir");
        if (screenshots != null && extra.containsKey("KEYS")) {
            env.put("SCREENSHOT", Path.of(screenshots).toAbsolutePath().resolve("dev-phone.png").toString());
        }
        return BrowserScript.start("phone_check.js", env, dir.resolve(caller + "-stderr.log"));
    }

    private static double rms(short[] samples) {
        double sum = 0;
        for (short s : samples) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / Math.max(1, samples.length));
    }
}
