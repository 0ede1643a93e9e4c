package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.Tshark;
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
 *
 * <p>The answer carries the per-call options as the SDK types them: {@code call.dtmf.received} is mapped to the app's
 * second listener with {@code webhook_urls_method: GET} and its own retry policy (that listener fails its first
 * request), the other events stay at the application's URL. A loopback capture shows the keys of
 * {@code sendDtmf} reaching the phone as RFC 4733 events. The 200 OK's {@code custom_headers} and {@code sip_headers}
 * are not visible to SIPp; {@code AnswerOptionsEndToEndTest} and the Java SDK conformance test read them.
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
        Tshark.requireInstalled();
        int hookPort = FreePorts.udpAndTcp();
        int mappedPort = FreePorts.udpAndTcp();
        int phoneMedia = FreePorts.block(4);
        int rtpBase = FreePorts.block(8);
        String[] args = {"--http-host", "127.0.0.1", "--http-port", Integer.toString(FreePorts.udpAndTcp()),
                "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(FreePorts.udpAndTcp()),
                "--rtp-ports", rtpBase + "-" + (rtpBase + 7), "--data-dir", dir.resolve("data").toString(),
                "--api-key", API_KEY, "--webhook-url", "http://127.0.0.1:" + hookPort + "/webhooks"};

        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args, Map.of()))) {
            ProcessBuilder pb = new ProcessBuilder(node, "all-commands-app.js").directory(APP_DIR.toFile())
                    .redirectError(dir.resolve("node-stderr.log").toFile());
            pb.environment().putAll(Map.of("PORT", Integer.toString(hookPort),
                    "MAPPED_PORT", Integer.toString(mappedPort),
                    "BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2", "API_KEY", API_KEY,
                    "PUBLIC_KEY", server.webhookPublicKey(), "TIMEOUT_MS", "120000"));
            Process app = pb.start();
            Path capture = dir.resolve("phone-media.pcapng");
            try (Tshark tshark = Tshark.captureLoopback(capture,
                    "udp portrange " + phoneMedia + "-" + (phoneMedia + 3), Duration.ofSeconds(150))) {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                        StandardCharsets.UTF_8));
                JsonNode first = JSON.readTree(NodeSdk.readLine(out, app));
                assertThat(first.path("listening").asInt()).isEqualTo(hookPort);
                assertThat(first.path("mapped").asInt()).isEqualTo(mappedPort);

                RtpPcapWriter media = new RtpPcapWriter().silence(1000);
                for (int i = 0; i < KEY_PRESSES; i++) {
                    media.digits("1").silence(600);
                }
                Path pcap = media.write(dir.resolve("keys.pcap"));
                Sipp.Result call = Sipp.uac("uac_pcap.xml", "127.0.0.1:" + server.sipPort(), dir)
                        .mediaPort(phoneMedia).pcap(pcap).callIdPrefix("node-sdk-all")
                        .recvTimeout(Duration.ofMillis(media.durationMs() + 10_000))
                        .timeout(Duration.ofSeconds(120)).run();

                List<JsonNode> lines = new ArrayList<>();
                JsonNode summary = NodeSdk.readUntilSummary(out, app, lines);
                assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
                tshark.stop();
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
                        .contains("call.playback.started", "call.playback.ended", "call.speak.started",
                                "call.speak.ended")
                        .as("mapped to the second URL\n" + transcript).doesNotContain("call.dtmf.received");
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

                // webhook_urls + webhook_urls_method GET + webhook_retries_policies: every key of the caller reached
                // the second listener by GET with a valid signature, after the one failure it forced.
                JsonNode mapped = summary.path("mapped");
                assertThat(mapped.path("failedOnPurpose").asInt()).as(transcript).isEqualTo(1);
                assertThat(mapped.path("rejected").asInt()).as(transcript).isZero();
                assertThat(mapped.path("notes")).as(transcript).isEmpty();
                int mappedVerified = mapped.path("verified").asInt();
                assertThat(mappedVerified).as("call.dtmf.received at the mapped URL\n" + transcript)
                        .isGreaterThanOrEqualTo(3);
                assertThat(mapped.path("requests").asInt()).as(transcript).isEqualTo(mappedVerified + 1);
                assertThat(mapped.path("withBody").asInt()).as("GET delivery has no body\n" + transcript).isZero();
                assertThat(mapped.path("tamperRejected").asInt()).as(transcript).isEqualTo(2 * mappedVerified);
                assertThat(mapped.path("tamperAccepted").asInt()).as(transcript).isZero();
                assertThat(texts(mapped.path("methods"))).as(transcript).containsOnly("GET");
                assertThat(texts(mapped.path("eventTypes"))).as(transcript).containsOnly("call.dtmf.received");
                // The caller only presses 1: the server does not hear the keys it sends itself (sendDtmf's '#').
                assertThat(texts(mapped.path("digits"))).as(transcript).containsOnly("1");
                assertThat(mapped.path("attempts").path(0).asInt()).as("the policy's retry after the 503\n"
                        + transcript).isEqualTo(2);

                // sendDtmf "1w#": its keys reached the phone as RFC 4733 events, in order.
                List<Tshark.RtpEvent> toPhone = Tshark.rtpEvents(capture, phoneMedia).stream()
                        .filter(e -> e.dstPort() == phoneMedia).toList();
                assertThat(Tshark.endedDigits(toPhone)).as("keys sent to the phone").isEqualTo("1#");

                assertThat(summary.path("promptFetches").asInt()).as("the server fetched the app's WAV\n"
                        + transcript).isPositive();
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
