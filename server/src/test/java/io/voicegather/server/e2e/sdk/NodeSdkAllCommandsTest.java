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
 * Conformance with the official Telnyx Node SDK, every command: conformance/node/all-commands-app.js drives one real
 * SIPp call through answer, sendDtmf, gatherUsingSpeak, gatherUsingAudio (a WAV the app serves itself), gather, gather +
 * stopGather, startPlayback + stopPlayback, speak, updateClientState, retrieveStatus and hangup, with the SDK's own
 * methods, and expects typed rejections for a gather before the answer and commands after the hangup. Every webhook
 * must pass the SDK's Ed25519 check, and copies with a changed body or timestamp must fail it. The caller presses 1
 * about once a second, so each single-digit gather ends on the next key. Fails, never skips, when node or the SDK
 * is missing.
 */
class NodeSdkAllCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP_DIR = Path.of("..", "conformance", "node").toAbsolutePath().normalize();
    private static final String API_KEY = "node-sdk-key";
    private static final int KEY_PRESSES = 40;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void nodeSdkDrivesEveryCommandOnARealCall() throws Exception {
        String node = NodeSdk.requireNodeAndSdk(APP_DIR);
        Sipp.requirePcapPlayback();
        int hookPort = FreePorts.udpAndTcp();
        int rtpBase = FreePorts.block(8);
        String[] args = {"--http-host", "127.0.0.1", "--http-port", Integer.toString(FreePorts.udpAndTcp()),
                "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(FreePorts.udpAndTcp()),
                "--rtp-ports", rtpBase + "-" + (rtpBase + 7), "--data-dir", dir.resolve("data").toString(),
                "--api-key", API_KEY, "--webhook-url", "http://127.0.0.1:" + hookPort + "/webhooks"};

        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args, Map.of()))) {
            ProcessBuilder pb = new ProcessBuilder(node, "all-commands-app.js").directory(APP_DIR.toFile())
                    .redirectError(dir.resolve("node-stderr.log").toFile());
            pb.environment().putAll(Map.of("PORT", Integer.toString(hookPort),
                    "BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2", "API_KEY", API_KEY,
                    "PUBLIC_KEY", server.webhookPublicKey(), "TIMEOUT_MS", "120000"));
            Process app = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                        StandardCharsets.UTF_8));
                JsonNode first = JSON.readTree(NodeSdk.readLine(out, app));
                assertThat(first.path("listening").asInt()).isEqualTo(hookPort);

                RtpPcapWriter media = new RtpPcapWriter().silence(1000);
                for (int i = 0; i < KEY_PRESSES; i++) {
                    media.digits("1").silence(600);
                }
                Path pcap = media.write(dir.resolve("keys.pcap"));
                Sipp.Result call = Sipp.uac("uac_pcap.xml", "127.0.0.1:" + server.sipPort(), dir)
                        .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix("node-sdk-all")
                        .recvTimeout(Duration.ofMillis(media.durationMs() + 10_000))
                        .timeout(Duration.ofSeconds(120)).run();

                List<JsonNode> lines = new ArrayList<>();
                JsonNode summary = null;
                while (summary == null) {
                    JsonNode line = JSON.readTree(NodeSdk.readLine(out, app));
                    lines.add(line);
                    summary = line.get("summary");
                }
                assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
                String transcript = String.join("\n", lines.stream().map(JsonNode::toString).toList())
                        + "\nnode stderr:\n" + Files.readString(dir.resolve("node-stderr.log")) + "\n"
                        + call.describe();

                System.out.println(transcript); // kept in the surefire output for reading a passing run too
                assertThat(call.exitCode()).as(transcript).isZero();
                assertThat(summary.path("finished").asBoolean()).as("the app reached the hangup\n" + transcript)
                        .isTrue();
                assertThat(summary.path("unexpected")).as("SDK calls with an unexpected outcome\n" + transcript)
                        .isEmpty();
                assertThat(summary.path("calls")).as(transcript).extracting(c -> c.path("name").asText())
                        .containsExactly("gather before answer", "answer", "updateClientState", "retrieveStatus",
                                "sendDtmf", "sendDtmf bad key", "gatherUsingSpeak", "gatherUsingAudio", "gather", "gather (to be stopped)",
                                "stopGather", "startPlayback", "stopPlayback", "speak", "hangup",
                                "speak after hangup", "retrieveStatus after hangup");

                int received = summary.path("received").asInt();
                assertThat(summary.path("rejected").asInt()).as(transcript).isZero();
                assertThat(summary.path("verified").asInt()).as(transcript).isEqualTo(received);
                assertThat(summary.path("tamperRejected").asInt()).as("two tampered copies per webhook\n"
                        + transcript).isEqualTo(2 * received);
                assertThat(summary.path("tamperAccepted").asInt()).as(transcript).isZero();

                List<String> types = new ArrayList<>();
                summary.path("eventTypes").forEach(t -> types.add(t.asText()));
                assertThat(received).as(transcript).isEqualTo(types.size());
                assertThat(types).as(transcript).startsWith("call.initiated", "call.answered").endsWith("call.hangup")
                        .contains("call.dtmf.received", "call.playback.started", "call.playback.ended",
                                "call.speak.started", "call.speak.ended");
                assertThat(types).as(transcript).filteredOn("call.gather.ended"::equals).hasSize(4);
                assertThat(types).as(transcript).filteredOn("call.hangup"::equals).hasSize(1);
                // gatherUsingAudio and the stopped playback each play the app's WAV: two starts, two ends.
                assertThat(types).as(transcript).filteredOn("call.playback.started"::equals).hasSize(2);
                assertThat(types).as(transcript).filteredOn("call.playback.ended"::equals).hasSize(2);

                JsonNode gathers = summary.path("gatherEnded");
                for (String phase : List.of("speakGather", "audioGather", "plainGather")) {
                    assertThat(gathers.path(phase).path("status").asText()).as(phase + "\n" + transcript)
                            .isEqualTo("valid");
                    assertThat(gathers.path(phase).path("digits").asText()).as(phase + "\n" + transcript)
                            .isEqualTo("1");
                    assertThat(gathers.path(phase).path("client_state").asText()).as(phase + "\n" + transcript)
                            .isEqualTo(phase);
                }
                assertThat(gathers.path("stoppedGather").path("status").asText()).as(transcript)
                        .isEqualTo("cancelled");
                assertThat(summary.path("playbackEnded").path("status").asText()).as(transcript)
                        .isEqualTo("cancelled");
                assertThat(summary.path("speakEnded").path("status").asText()).as(transcript)
                        .isEqualTo("completed");
                assertThat(summary.path("promptFetches").asInt()).as("the server fetched the app's WAV\n"
                        + transcript).isPositive();
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
