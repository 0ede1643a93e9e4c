package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance with the official Telnyx Node SDK: conformance/node/gather-app.js verifies every webhook with the
 * SDK's own Ed25519 check (and sees a tampered copy refused), answers, gathers and hangs up through the SDK's REST
 * client, while SIPp places a real call that presses 1234#. Fails, never skips, when node or the SDK is missing.
 */
class NodeSdkGatherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP_DIR = Path.of("..", "conformance", "node").toAbsolutePath().normalize();
    private static final String API_KEY = "node-sdk-key";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void nodeSdkAppGathersDigitsOfARealCall() throws Exception {
        String node = NodeSdk.requireNodeAndSdk(APP_DIR);
        Sipp.requirePcapPlayback();
        int hookPort = FreePorts.udpAndTcp();
        int rtpBase = FreePorts.block(8);
        String[] args = {"--http-host", "127.0.0.1", "--http-port", Integer.toString(FreePorts.udpAndTcp()),
                "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(FreePorts.udpAndTcp()),
                "--rtp-ports", rtpBase + "-" + (rtpBase + 7), "--data-dir", dir.resolve("data").toString(),
                "--api-key", API_KEY, "--webhook-url", "http://127.0.0.1:" + hookPort + "/webhooks"};

        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args, Map.of()))) {
            ProcessBuilder pb = new ProcessBuilder(node, "gather-app.js").directory(APP_DIR.toFile())
                    .redirectError(dir.resolve("node-stderr.log").toFile());
            pb.environment().putAll(Map.of("PORT", Integer.toString(hookPort),
                    "BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2", "API_KEY", API_KEY,
                    "PUBLIC_KEY", server.webhookPublicKey(),
                    "GATHER", "{\"maximum_digits\":10,\"terminating_digit\":\"#\"}",
                    "EXPECT_HANGUPS", "1", "TIMEOUT_MS", "60000"));
            Process app = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                        StandardCharsets.UTF_8));
                JsonNode first = JSON.readTree(NodeSdk.readLine(out, app));
                assertThat(first.path("listening").asInt()).isEqualTo(hookPort);

                // 2.5 s before the first key, as the other SIPp tests: the app answers and gathers first, even on a loaded machine
                RtpPcapWriter media = new RtpPcapWriter().silence(2500).digits("1234#").silence(500);
                Path pcap = media.write(dir.resolve("digits.pcap"));
                Sipp.Result call = Sipp.uac("uac_pcap.xml", "127.0.0.1:" + server.sipPort(), dir)
                        .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix("node-sdk")
                        .recvTimeout(Duration.ofMillis(media.durationMs() + 10_000))
                        .timeout(Duration.ofSeconds(60)).run();

                List<JsonNode> lines = new ArrayList<>();
                JsonNode summary = NodeSdk.readUntilSummary(out, app, lines);
                assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
                String transcript = lines.toString() + "\nnode stderr:\n"
                        + Files.readString(dir.resolve("node-stderr.log")) + "\n" + call.describe();

                assertThat(call.exitCode()).as(transcript).isZero();
                assertThat(summary.path("commandErrors").size()).as(transcript).isZero();
                assertThat(summary.path("rejected").asInt()).as(transcript).isZero();
                assertThat(summary.path("received").asInt()).as(transcript).isGreaterThanOrEqualTo(6);
                assertThat(summary.path("verified").asInt()).as(transcript)
                        .isEqualTo(summary.path("received").asInt());
                assertThat(summary.path("tamperRejected").asInt()).as(transcript)
                        .isEqualTo(summary.path("received").asInt());
                assertThat(summary.path("tamperAccepted").asInt()).as(transcript).isZero();

                List<JsonNode> events = lines.stream().filter(l -> l.has("event_type")).toList();
                assertThat(events).as(transcript).extracting(e -> e.get("event_type").asText()).containsExactly(
                        "call.initiated", "call.answered", "call.dtmf.received", "call.dtmf.received",
                        "call.dtmf.received", "call.dtmf.received", "call.dtmf.received", "call.gather.ended",
                        "call.hangup");
                assertThat(events.subList(2, 7)).extracting(e -> e.path("payload").path("digit").asText())
                        .containsExactly("1", "2", "3", "4", "#");
                JsonNode ended = events.get(7).path("payload");
                assertThat(ended.path("digits").asText()).as(transcript).isEqualTo("1234");
                assertThat(ended.path("status").asText()).as(transcript).isEqualTo("valid");
                // each command's result is printed when its answer arrives: the gather, sent on call.answered, may
                // be answered before the answer itself is
                assertThat(lines).as(transcript).filteredOn(l -> l.has("command"))
                        .extracting(l -> l.get("command").asText()).containsExactlyInAnyOrder("answer", "gather", "hangup");
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
