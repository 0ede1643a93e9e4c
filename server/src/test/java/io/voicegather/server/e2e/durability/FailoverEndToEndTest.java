package io.voicegather.server.e2e.durability;

import io.voicegather.server.call.CallIds;
import io.voicegather.server.e2e.durability.PinnedPortReceiver.Delivery;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.Kamailio;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.DatabaseSettings;
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

import static io.voicegather.server.e2e.durability.Cluster.accepted;
import static io.voicegather.server.e2e.durability.Cluster.callId;
import static io.voicegather.server.e2e.durability.Cluster.nodeOf;
import static io.voicegather.server.e2e.durability.Cluster.rows;
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
        Path silence = new RtpPcapWriter().silence(150_000).write(dir.resolve("silence.pcap"));
        List<Sipp.Running> phones = new ArrayList<>();
        try (Cluster cluster = Cluster.start(dir, "failover_e2e", API_KEY, NODES, 8, WAIT,
                "--answer-timeout-seconds", "600")) {
            PinnedPortReceiver app = cluster.app();
            DatabaseSettings db = cluster.db();
            Kamailio front = cluster.front();
            // node 2's events after call.initiated wait in its lanes: the app answers 503
            app.refuse(d -> nodeOf(d) == VICTIM && !d.eventType().equals("call.initiated"));
            app.onEvent(d -> {
                if (d.eventType().equals("call.initiated")) {
                    answerAndGather(cluster.api(nodeOf(d)), callId(d));
                }
            });

            for (int i = 0; i < CALLS; i++) {
                phones.add(call(cluster, "c" + i, "uac_wait_bye.xml", silence));
            }
            // every call answered and its gather over (timed out): on node 2 both events wait, refused
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).alias("every call's gather ended")
                    .until(() -> gatherEnds(db) == CALLS);
            Map<String, String> calls = callIds(app);
            assertThat(calls).as(front.log()).hasSize(CALLS);
            assertThat(calls.values().stream().map(CallIds::nodeOf).distinct()).as("calls on several nodes")
                    .hasSizeGreaterThan(1).contains(VICTIM);
            List<String> victimCalls = calls.values().stream().filter(id -> CallIds.nodeOf(id) == VICTIM).toList();

            assertThat(cluster.server(VICTIM).kill()).as("128 + SIGKILL").isEqualTo(137);
            app.refuse(d -> false);

            // a survivor claims node 2 and delivers: every event of each of its calls, then the call's hangup
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).alias("node 2's calls hung up")
                    .until(() -> victimCalls.stream().allMatch(id -> accepted(app, id).stream()
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
                later.add(call(cluster, "after" + i, "uac_bye_now.xml", silence));
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
            cluster.passed();
        } finally {
            for (Sipp.Running phone : phones) {
                phone.close();
            }
        }
    }

    private static Sipp.Running call(Cluster cluster, String caller, String scenario, Path pcap) throws Exception {
        return cluster.call(caller, scenario, pcap, 1, Duration.ofSeconds(300), Duration.ofSeconds(360));
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
    private static int gatherEnds(DatabaseSettings db) throws SQLException {
        return rows(db, "SELECT event_id FROM webhook_outbox WHERE data_json LIKE '%\"call.gather.ended\"%'").size();
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
}
