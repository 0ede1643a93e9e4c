package io.voicegather.server.e2e.durability;

import io.voicegather.server.call.CallIds;
import io.voicegather.server.e2e.durability.PinnedPortReceiver.Delivery;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.Kamailio;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import io.voicegather.server.webhook.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node dies with webhooks undelivered, every part real: three server JVMs on one PostgreSQL behind Kamailio, SIPp
 * phones calling Kamailio, one webhook endpoint for all nodes. The app answers every call and starts a gather that
 * times out; the endpoint refuses (503) every later event of node 2's calls, so they wait in node 2's lanes. Node 2
 * is killed with SIGKILL while its calls are up. A survivor must then claim it and deliver each of its calls'
 * events, in order and with no gap, followed by a call.hangup with hangup_cause "unspecified"; new calls must land
 * on the survivors. Timings are the defaults (lease 10 s, renewed every 2 s): the claim comes 12 to 14 s after the
 * kill; the waits allow several times that.
 */
class FailoverEndToEndTest {
    private static final String API_KEY = "failover-key";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int NODES = 3;
    private static final int VICTIM = 2;
    private static final int CALLS = 6;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aSurvivorDeliversAKilledNodesWebhooksInOrderAndHangsUpItsCalls() throws Exception {
        Sipp.requirePcapPlayback();
        Kamailio.requireInstalled();
        DatabaseSettings db = PostgresServer.shared().createDatabase("failover_e2e_" + System.nanoTime());
        Path silence = new RtpPcapWriter().silence(150_000).write(dir.resolve("silence.pcap"));
        // the cluster's signing key, made before any node starts (node 1 seeds it from its data folder), so that
        // the endpoint can listen before the nodes take ports
        String publicKey = SigningKeys.loadOrCreate(dir.resolve("node-1")).publicKeyBase64();
        PinnedPortReceiver app = PinnedPortReceiver.start(0, publicKey);
        int hook = app.port();
        Map<Integer, ServerPorts> ports = new LinkedHashMap<>();
        StringBuilder nodes = new StringBuilder();
        for (int n = 1; n <= NODES; n++) {
            ports.put(n, ServerPorts.free());
            nodes.append(n == 1 ? "" : ",").append(n).append("=http://127.0.0.1:").append(ports.get(n).http());
        }
        Map<Integer, ServerProcess> servers = new LinkedHashMap<>();
        List<Sipp.Running> phones = new ArrayList<>();
        Kamailio front = null;
        boolean passed = false;
        try {
            for (int n = 1; n <= NODES; n++) { // node 1 first: it seeds the cluster's signing key
                List<String> flags = new ArrayList<>(ports.get(n).flags(dir.resolve("node-" + n), API_KEY,
                        "--webhook-url", "http://127.0.0.1:" + hook + "/hooks", "--node-id", Integer.toString(n),
                        "--cluster-nodes", nodes.toString(), "--database-url", db.url(), "--database-user",
                        db.user(), "--database-password", db.password(), "--answer-timeout-seconds", "600"));
                ServerProcess server = ServerProcess.start(flags, dir.resolve("node-" + n + ".log"));
                servers.put(n, server);
                assertThat(server.awaitStarted(WAIT)).as("one key for the cluster").isEqualTo(publicKey);
            }
            PinnedPortReceiver receiver = app;
            // node 2's events after call.initiated wait in its lanes: the app answers 503
            app.refuse(d -> nodeOf(d) == VICTIM && !d.eventType().equals("call.initiated"));
            app.onEvent(d -> {
                if (d.eventType().equals("call.initiated")) {
                    answerAndGather(ports.get(nodeOf(d)).api(API_KEY), callId(d));
                }
            });
            List<String> sipTargets = ports.values().stream().map(p -> "127.0.0.1:" + p.sip()).toList();
            front = Kamailio.start(dir.resolve("kamailio"), sipTargets, 1);

            for (int i = 0; i < CALLS; i++) {
                phones.add(call(front, "c" + i, "uac_wait_bye.xml", silence));
            }
            // every call answered and its gather over (timed out): on node 2 both events wait, refused
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).alias("every call's gather ended")
                    .until(() -> gatherEnds(receiver, db) == CALLS);
            Map<String, String> calls = callIds(app);
            assertThat(calls).as(front.log()).hasSize(CALLS);
            assertThat(calls.values().stream().map(CallIds::nodeOf).distinct()).as("calls on several nodes")
                    .hasSizeGreaterThan(1).contains(VICTIM);
            List<String> victimCalls = calls.values().stream().filter(id -> CallIds.nodeOf(id) == VICTIM).toList();

            assertThat(servers.get(VICTIM).kill()).as("128 + SIGKILL").isEqualTo(137);
            app.refuse(d -> false);

            // a survivor claims node 2 and delivers: every event of each of its calls, then the call's hangup
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).alias("node 2's calls hung up")
                    .until(() -> victimCalls.stream().allMatch(id -> accepted(receiver, id).stream()
                            .anyMatch(d -> d.eventType().equals("call.hangup"))));
            for (String id : victimCalls) {
                List<Delivery> got = firstOfEachId(accepted(app, id));
                assertThat(got).extracting(Delivery::eventType).as(id)
                        .containsExactly("call.initiated", "call.answered", "call.gather.ended", "call.hangup");
                assertThat(got.get(3).payload().path("hangup_cause").asText()).isEqualTo("unspecified");
                assertThat(got).extracting(Delivery::id).as("every recorded event of %s, in order, no gap", id)
                        .containsExactlyElementsOf(recordedIds(db, id));
            }
            assertThat(rows(db, "SELECT call_control_id FROM call_record WHERE node_id = " + VICTIM
                    + " AND ended_at IS NULL")).as("no call of node 2 left open").isEmpty();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> rows(db,
                    "SELECT event_id FROM webhook_outbox WHERE state = 'pending'").isEmpty());

            // new calls go to the survivors
            List<Sipp.Running> later = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                later.add(call(front, "after" + i, "uac_bye_now.xml", silence));
            }
            for (Sipp.Running phone : later) {
                Sipp.Result r = phone.await();
                assertThat(r.exitCode()).as(r.describe() + front.log()).isZero();
            }
            Map<String, String> after = callIds(app);
            for (int i = 0; i < NODES; i++) {
                assertThat(after.get("after" + i)).as("after" + i).isNotNull();
                assertThat(CallIds.nodeOf(after.get("after" + i))).as("after" + i).isNotEqualTo(VICTIM);
            }
            passed = true;
        } finally {
            if (!passed) { // the nodes' logs, for the report of a failure
                servers.forEach((n, server) -> System.out.println("---- node " + n + "\n" + server.output()));
            }
            for (Sipp.Running phone : phones) {
                phone.close();
            }
            if (front != null) {
                front.close();
            }
            app.close();
            for (ServerProcess server : servers.values()) {
                server.close();
            }
        }
    }

    private static Sipp.Running call(Kamailio front, String caller, String scenario, Path pcap) throws Exception {
        return Sipp.uac(scenario, front.target(), pcap.getParent().resolve(caller)).caller(caller)
                .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix(caller).pause(Duration.ofMillis(500))
                .recvTimeout(Duration.ofSeconds(300)).timeout(Duration.ofSeconds(360)).start();
    }

    private static void answerAndGather(ApiClient api, String id) {
        try {
            ApiClient.Response answer = api.action(id, "answer", "{}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            // no digits come: the gather ends with a timeout a second later, one more event
            ApiClient.Response gather = api.action(id, "gather",
                    "{\"maximum_digits\":4,\"initial_timeout_millis\":1000}");
            assertThat(gather.status()).as(gather.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String callId(Delivery d) {
        return d.payload().path("call_control_id").asText();
    }

    private static int nodeOf(Delivery d) {
        return CallIds.nodeOf(callId(d));
    }

    /** Caller name to call_control_id (which names the node that took the call), from call.initiated. */
    private static Map<String, String> callIds(PinnedPortReceiver app) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Delivery d : app.deliveries()) {
            if (d.rejectReason() == null && d.eventType().equals("call.initiated")) {
                out.put(d.payload().path("from").asText(), callId(d));
            }
        }
        return out;
    }

    /** call.gather.ended events recorded (delivered or waiting), over all calls placed before the kill. */
    private static int gatherEnds(PinnedPortReceiver app, DatabaseSettings db) throws SQLException {
        return rows(db, "SELECT event_id FROM webhook_outbox WHERE data_json LIKE '%\"call.gather.ended\"%'").size();
    }

    private static List<Delivery> accepted(PinnedPortReceiver app, String callControlId) {
        return app.deliveries().stream().filter(d -> d.rejectReason() == null && d.payload() != null
                && callControlId.equals(callId(d))).toList();
    }

    /** Each data.id once, at its first delivery: at-least-once may repeat an event, never reorder one. */
    private static List<Delivery> firstOfEachId(List<Delivery> deliveries) {
        Set<String> seen = new LinkedHashSet<>();
        return deliveries.stream().filter(d -> seen.add(d.id())).toList();
    }

    private static List<String> recordedIds(DatabaseSettings db, String callControlId) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement(
                     "SELECT event_id FROM webhook_outbox WHERE ordering_key = ? ORDER BY seq")) {
            ps.setString(1, callControlId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static List<String> rows(DatabaseSettings db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
