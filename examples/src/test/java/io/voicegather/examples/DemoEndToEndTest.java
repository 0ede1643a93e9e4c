package io.voicegather.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.QuietPorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * --demo with no webhook URL of the user's: the server starts the example IVR found on its class path (as the
 * runnable jar does), and a real SIPp call is answered, hears the spoken menu, keys 1 and then 427# into its two
 * gathers, and is hung up by the IVR. Checked through GET /v2/call_events, as a user would in the console.
 */
class DemoEndToEndTest {
    private static final String API_KEY = "demo-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Margins on a loaded machine: the first gather must be accepted before the first key, and so the second. */
    private static final int BEFORE_MENU_KEY_MS = 4000;
    private static final int BEFORE_ACCOUNT_KEYS_MS = 3000;

    @TempDir
    Path dataDir;
    @TempDir
    Path sippDir;

    @Test
    void theFirstCallIsAnsweredSpokenToAndGathersKeysWithNoApplicationOfTheUsers() throws Exception {
        Sipp.requirePcapPlayback();
        int rtpBase = QuietPorts.forServer(8);
        List<String> args = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0",
                "--sip-host", "127.0.0.1", "--sip-port", "0", "--rtp-ports", rtpBase + "-" + (rtpBase + 7),
                "--data-dir", dataDir.toString(), "--api-key", API_KEY, "--demo"));
        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args.toArray(String[]::new), Map.of()))) {
            assertThat(server.webhookUrl()).as("the demo's own listener").startsWith("http://127.0.0.1:");

            Path pcap = new RtpPcapWriter().toneMs(100).gapMs(150).silence(BEFORE_MENU_KEY_MS).digits("1")
                    .silence(BEFORE_ACCOUNT_KEYS_MS).digits("427#").silence(200).write(sippDir.resolve("demo.pcap"));
            Sipp.Result call = Sipp.uac("uac_wait_bye.xml", "127.0.0.1:" + server.sipPort(), sippDir)
                    .caller("demo-caller").mediaPort(QuietPorts.forPhone(8)).localPort(QuietPorts.forPhone(1))
                    .pcap(pcap).recvTimeout(Duration.ofSeconds(25)).callIdPrefix("demo")
                    .timeout(Duration.ofSeconds(40)).start().await();
            assertThat(call.exitCode()).as("answered, then hung up by the IVR: " + call.describe()).isZero();
            assertThat(call.successfulCalls()).as(call.describe()).isEqualTo(1);

            List<JsonNode> spoken = callEvents(server, "gather_using_speak");
            assertThat(spoken).as("the menu and the account prompt, both accepted").hasSize(2)
                    .allSatisfy(c -> assertThat(c.path("metadata").path("status").asInt()).isEqualTo(200));
            assertThat(spoken).extracting(c -> c.path("metadata").path("params").path("payload").asText())
                    .containsExactlyInAnyOrder(IvrApplication.MENU_PROMPT, IvrApplication.ACCOUNT_PROMPT);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<JsonNode> ended = callEvents(server, "call.gather.ended");
                assertThat(ended).extracting(e -> e.path("metadata").path("payload").path("digits").asText())
                        .containsExactlyInAnyOrder("1", "427");
                // the IVR answers 200 only to a webhook whose signature it verified with the server's public key
                assertThat(ended).allSatisfy(e -> assertThat(e.path("metadata").path("deliveries").path(0)
                        .path("status").asInt()).isEqualTo(200));
            });
            assertThat(callEvents(server, "hangup")).as("the IVR hung up").hasSize(1);
        }
    }

    /** Every item of GET /v2/call_events named name (one call only in this server). */
    private static List<JsonNode> callEvents(VoicegatherServer server, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                        + "/v2/call_events?page%5Bsize%5D=250&filter%5Bname%5D="
                        + URLEncoder.encode(name, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + API_KEY).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(response.body()).path("data").forEach(items::add);
        return items;
    }
}
