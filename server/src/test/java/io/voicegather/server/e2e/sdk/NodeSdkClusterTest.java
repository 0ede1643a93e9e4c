package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.call.CallIds;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.Kamailio;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
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
 * The official Telnyx Node SDK against a cluster: two nodes sharing one PostgreSQL behind Kamailio. The same
 * gather-app.js as against a single node, pointed at node 1's API only, while SIPp calls Kamailio twice: the calls
 * land one on each node, the app's commands for node 2's call are forwarded by node 1, every webhook verifies with
 * the cluster's one key, and both gathers end with the caller's digits.
 */
class NodeSdkClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP_DIR = Path.of("..", "conformance", "node").toAbsolutePath().normalize();
    private static final String API_KEY = "node-sdk-cluster-key";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theSdkAppGathersThroughKamailioWhicheverNodeTakesTheCall() throws Exception {
        String node = NodeSdk.requireNodeAndSdk(APP_DIR);
        Sipp.requirePcapPlayback();
        Kamailio.requireInstalled();
        DatabaseSettings db = PostgresServer.shared().createDatabase("node_sdk_cluster_" + System.nanoTime());
        int hookPort = FreePorts.udpAndTcp();
        int[] http = {FreePorts.udpAndTcp(), FreePorts.udpAndTcp()};
        String nodes = "1=http://127.0.0.1:" + http[0] + ",2=http://127.0.0.1:" + http[1];

        try (VoicegatherServer one = start(1, http[0], nodes, db, hookPort);
             VoicegatherServer two = start(2, http[1], nodes, db, hookPort);
             Kamailio front = Kamailio.start(dir.resolve("kamailio"),
                     List.of("127.0.0.1:" + one.sipPort(), "127.0.0.1:" + two.sipPort()), 1)) {
            assertThat(two.webhookPublicKey()).as("one signing key for the cluster").isEqualTo(one.webhookPublicKey());
            ProcessBuilder pb = new ProcessBuilder(node, "gather-app.js").directory(APP_DIR.toFile())
                    .redirectError(dir.resolve("node-stderr.log").toFile());
            pb.environment().putAll(Map.of("PORT", Integer.toString(hookPort),
                    "BASE_URL", "http://127.0.0.1:" + one.httpPort() + "/v2", "API_KEY", API_KEY,
                    "PUBLIC_KEY", one.webhookPublicKey(),
                    "GATHER", "{\"maximum_digits\":10,\"terminating_digit\":\"#\"}",
                    "EXPECT_HANGUPS", "2", "TIMEOUT_MS", "120000"));
            Process app = pb.start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                        StandardCharsets.UTF_8));
                assertThat(JSON.readTree(NodeSdk.readLine(out, app)).path("listening").asInt()).isEqualTo(hookPort);

                // 2.5 s before the first key: the app answers and gathers first, even on a loaded machine
                RtpPcapWriter media = new RtpPcapWriter().silence(2500).digits("1234#").silence(500);
                Path pcap = media.write(dir.resolve("digits.pcap"));
                List<Sipp.Result> calls = new ArrayList<>();
                for (int i = 0; i < 2; i++) { // round-robin: one call to each node
                    calls.add(Sipp.uac("uac_pcap.xml", front.target(), dir).mediaPort(FreePorts.block(4))
                            .pcap(pcap).callIdPrefix("node-sdk-cluster-" + i)
                            .recvTimeout(Duration.ofMillis(media.durationMs() + 10_000))
                            .timeout(Duration.ofSeconds(60)).run());
                }

                List<JsonNode> lines = new ArrayList<>();
                JsonNode summary = NodeSdk.readUntilSummary(out, app, lines);
                String transcript = lines + "\nnode stderr:\n" + Files.readString(dir.resolve("node-stderr.log"))
                        + "\nkamailio:\n" + front.log();
                for (Sipp.Result call : calls) {
                    assertThat(call.exitCode()).as(call.describe() + transcript).isZero();
                }
                assertThat(summary.path("commandErrors").size()).as(transcript).isZero();
                assertThat(summary.path("rejected").asInt()).as(transcript).isZero();
                assertThat(summary.path("verified").asInt()).as(transcript).isEqualTo(summary.path("received").asInt());

                List<JsonNode> events = lines.stream().filter(l -> l.has("event_type")).toList();
                assertThat(events).as(transcript).filteredOn(e -> e.get("event_type").asText().equals("call.initiated"))
                        .extracting(e -> CallIds.nodeOf(e.path("payload").path("call_control_id").asText()))
                        .as("the nodes the calls landed on").containsExactlyInAnyOrder(1, 2);
                assertThat(events).as(transcript).filteredOn(e -> e.get("event_type").asText().equals("call.gather.ended"))
                        .extracting(e -> e.path("payload").path("status").asText() + " " + e.path("payload")
                                .path("digits").asText()).containsExactly("valid 1234", "valid 1234");
                // results are printed as their answers arrive: a gather sent on call.answered may come back first
                assertThat(lines).as(transcript).filteredOn(l -> l.has("command"))
                        .extracting(l -> l.get("command").asText())
                        .containsExactlyInAnyOrder("answer", "gather", "hangup", "answer", "gather", "hangup");
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private VoicegatherServer start(int id, int httpPort, String nodes, DatabaseSettings db, int hookPort)
            throws Exception {
        int rtp = FreePorts.block(8);
        String[] args = {"--http-host", "127.0.0.1", "--http-port", Integer.toString(httpPort),
                "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(FreePorts.udpAndTcp()),
                "--rtp-ports", rtp + "-" + (rtp + 7), "--data-dir", dir.resolve("node-" + id).toString(),
                "--node-id", Integer.toString(id), "--cluster-nodes", nodes,
                "--database-url", db.url(), "--database-user", db.user(),
                "--api-key", API_KEY, "--webhook-url", "http://127.0.0.1:" + hookPort + "/webhooks"};
        return VoicegatherServer.start(ConfigLoader.load(args, Map.of("VOICEGATHER_DATABASE_PASSWORD", db.password())));
    }
}
