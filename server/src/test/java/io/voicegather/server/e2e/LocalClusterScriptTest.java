package io.voicegather.server.e2e;

import io.voicegather.server.Main;
import io.voicegather.server.call.CallIds;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.Kamailio;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.webhook.SigningKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/local-cluster.sh as a user runs it: "up 3" starts PostgreSQL, Kamailio and three nodes sharing that database
 * and prints where they are; a real
 * SIPp call to the printed SIP address gathers its keys while every command goes to the node that does not own
 * the call; the webhooks verify with the printed key; "down" leaves nothing running.
 */
class LocalClusterScriptTest {
    private static final Path SCRIPT = Path.of("..", "deploy", "local-cluster.sh");
    private static final String KEY = "local-cluster-key";

    @TempDir
    Path cluster;
    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
        Kamailio.requireInstalled();
    }

    @Test
    void upServesACallThroughKamailioAndDownStopsEverything() throws Exception {
        // PostgreSQL's tools run as the postgres user, which must reach the cluster's folder
        Files.setPosixFilePermissions(cluster, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the key the nodes will share is made first, so that the application can check every webhook with it
        String publicKey = SigningKeys.loadOrCreate(cluster.resolve("node-1")).publicKeyBase64();
        try (WebhookReceiver hooks = WebhookReceiver.start(publicKey)) {
            Map<String, String> env = Map.of("CLUSTER_DIR", cluster.toString(),
                    "SIP_PORT", Integer.toString(freePort()), "HTTP_PORT", Integer.toString(freePort()),
                    "PG_PORT", Integer.toString(freePort()),
                    "RTP_BASE", Integer.toString(QuietPorts.forServer(60)), "RTP_PER_NODE", "20",
                    "VOICEGATHER_CMD", javaCommand());
            List<String> printed;
            try {
                printed = run(env, "up", "3", "--api-key", KEY, "--webhook-url", hooks.url().toString());
                assertThat(printed).hasSize(6);
                assertThat(printed.get(0)).startsWith("sip=127.0.0.1:");
                assertThat(printed.get(1)).startsWith("api=http://127.0.0.2:").endsWith("/v2");
                assertThat(printed.get(2)).startsWith("api=http://127.0.0.3:").endsWith("/v2");
                assertThat(printed.get(3)).startsWith("api=http://127.0.0.4:").endsWith("/v2");
                assertThat(printed.get(4)).isEqualTo("public_key=" + publicKey);
                assertThat(printed.get(5)).startsWith("database=jdbc:postgresql://127.0.0.1:");
                for (int node = 1; node <= 3; node++) {
                    assertThat(Files.readString(cluster.resolve("node-" + node + ".log")))
                            .as("node %d's storage", node).contains("storage: PostgreSQL");
                }

                String sip = printed.get(0).substring("sip=".length());
                List<ApiClient> apis = List.of(api(printed.get(1)), api(printed.get(2)), api(printed.get(3)));
                try (Sipp.Running phone = SippCaller.waitingForBye(sip, dir, "clustered",
                        SippCaller.keys().digits("12#"), QuietPorts.forPhone(8))) {
                    WebhookReceiver.Event initiated = hooks.await(e -> e.eventType().equals("call.initiated")
                            && "clustered".equals(e.payload().path("from").asText()), E2eServer.WAIT);
                    String id = initiated.callControlId();
                    int owner = CallIds.nodeOf(id);
                    ApiClient other = apis.get(owner % 3); // every command to a node without the call (node n+1)
                    assertThat(other.action(id, "answer", body()).status()).isEqualTo(200);
                    assertThat(other.action(id, "gather", body().put("maximum_digits", 5)
                            .put("terminating_digit", "#").put("initial_timeout_millis", 15000)).status())
                            .isEqualTo(200);
                    WebhookReceiver.Event ended = hooks.await("call.gather.ended", id, E2eServer.WAIT);
                    assertThat(ended.payload().path("digits").asText()).isEqualTo("12");
                    assertThat(other.action(id, "hangup", body()).status()).isEqualTo(200);
                    SippCaller.assertSucceeded(phone.await(), 1);
                    hooks.await("call.hangup", id, E2eServer.WAIT);
                }
                assertThat(hooks.rejected()).as("webhooks that fail the printed key").isEmpty();
            } finally {
                assertThat(run(env, "down")).containsExactly("local-cluster: down");
            }
            try (var pids = Files.list(cluster)) {
                assertThat(pids.filter(p -> p.toString().endsWith(".pid"))).as("nothing left running").isEmpty();
            }
            assertThat(cluster.resolve("postgres/data/postmaster.pid")).as("PostgreSQL stopped").doesNotExist();
        }
    }

    private static ApiClient api(String line) {
        String base = line.substring("api=".length(), line.length() - "/v2".length());
        return new ApiClient(URI.create(base), KEY);
    }

    /** The script's standard output, line by line; fails with its error output when it fails. */
    private List<String> run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("script-" + args[0] + ".out");
        Path err = dir.resolve("script-" + args[0] + ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("local-cluster.sh " + args[0] + " did not finish: " + Files.readString(err));
        }
        assertThat(p.exitValue()).as("local-cluster.sh %s: %s", args[0], Files.readString(err)).isZero();
        return Files.readAllLines(out);
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + System.getProperty("java.class.path")
                + " " + Main.class.getName();
    }

    private static int freePort() throws IOException {
        int port;
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = tcp.getLocalPort();
        }
        try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
            return udp.getLocalPort();
        }
    }
}
