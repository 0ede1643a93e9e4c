package io.voicegather.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import io.voicegather.server.webhook.ManualClock;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node leases and the claim of a dead node's webhooks and calls, on a real PostgreSQL, with a clock the test moves
 * (no waiting for time to pass): when a node stops delivering, when a survivor claims it, that one survivor wins,
 * that the claimed lanes are delivered in order with the dead node's open calls hung up after their events, and
 * that the dead node, should it come back, writes nothing more (docs/cluster.md, "Failover, row by row").
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.now());
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private DatabaseSettings database;
    private WebhookReceiver app;

    @BeforeEach
    void database() throws Exception {
        database = PostgresServer.shared().createDatabase("failover_" + System.nanoTime());
        app = WebhookReceiver.startUnverified();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        app.close();
    }

    private TestNode node(int id, boolean delivering) {
        TestNode node = TestNode.start(id, database, dir.resolve("keys"), clock, delivering);
        toClose.add(node);
        return node;
    }

    /** Lease 10 s, renewed every 2 s: the node delivers for 8 s after a renewal; it is claimed 12 s after. */
    @ParameterizedTest(name = "{0} ms after its last renewal: delivers {1}, claimed {2}")
    @CsvSource({
            "0,     true,  false",
            "7999,  true,  false",
            "8000,  false, false",
            "12000, false, false",
            "12001, false, true",
    })
    void aNodeStopsDeliveringBeforeASurvivorMayClaimIt(long millis, boolean delivers, boolean claimed) {
        TestNode dead = node(1, false);
        TestNode survivor = node(2, true);
        clock.advance(Duration.ofMillis(millis));
        assertThat(dead.lease.holds()).as("the node still delivers").isEqualTo(delivers);
        assertThat(survivor.renewAndClaim()).as("claimed by the survivor").hasSize(claimed ? 1 : 0);
    }

    @Test
    void aSurvivorDeliversTheDeadNodesEventsInOrderThenHangsUpItsOpenCalls() throws Exception {
        TestNode dead = node(1, false); // records, but never delivers: its events wait in its lanes
        openCall(dead.db, "call-a", 1);
        openCall(dead.db, "ended", 1);
        endCall(dead.db, "ended");
        for (int n = 0; n < 3; n++) {
            dead.outbox.emit(event("call-a", n));
            dead.outbox.emit(event("call-b", n));
        }
        dead.outbox.flush();
        TestNode survivor = node(2, true);

        clock.advance(Duration.ofMillis(12_001));
        List<DeadNodeClaims.Claimed> claimed = survivor.renewAndClaim();
        assertThat(claimed).containsExactly(new DeadNodeClaims.Claimed(1, 2, 6, 1));

        await().atMost(WAIT).until(() -> app.events().size() >= 7);
        Map<String, List<String>> byCall = new TreeMap<>();
        for (WebhookReceiver.Event e : app.events()) {
            String what = e.eventType().equals("call.hangup")
                    ? "hangup " + e.payload().path("hangup_cause").asText() : "n" + e.payload().path("n").asInt();
            byCall.computeIfAbsent(e.callControlId(), k -> new ArrayList<>()).add(what);
        }
        assertThat(byCall).containsExactly(
                Map.entry("call-a", List.of("n0", "n1", "n2", "hangup unspecified")),
                Map.entry("call-b", List.of("n0", "n1", "n2")));
        await().atMost(WAIT).until(() -> count(survivor.db,
                "SELECT COUNT(*) FROM webhook_outbox WHERE state = 'pending'") == 0);
        assertThat(count(survivor.db, "SELECT COUNT(*) FROM call_record WHERE ended_at IS NULL")).isZero();
        assertThat(count(survivor.db, "SELECT COUNT(*) FROM call_record WHERE node_id = 2")).as("the open one moved")
                .isEqualTo(1);
    }

    @Test
    void oneSurvivorWinsAClaimAndTheOthersTakeNothing() {
        TestNode dead = node(1, false);
        dead.outbox.emit(event("call-a", 0));
        dead.outbox.flush();
        TestNode two = node(2, true);
        TestNode three = node(3, true);
        clock.advance(Duration.ofMillis(12_001));
        two.lease.renew();
        three.lease.renew();
        List<DeadNodeClaims.Claimed> both = new ArrayList<>(three.claims.claimDeadNodes());
        both.addAll(two.claims.claimDeadNodes());
        assertThat(both).containsExactly(new DeadNodeClaims.Claimed(1, 1, 1, 0));
        assertThat(three.renewAndClaim()).as("a claimed node is not claimed again").isEmpty();
    }

    @Test
    void aClaimedNodeThatComesBackWritesAndDeliversNothingMore() {
        TestNode dead = node(1, true);
        TestNode survivor = node(2, true);
        clock.advance(Duration.ofMillis(12_001));
        assertThat(survivor.renewAndClaim()).hasSize(1);

        assertThat(dead.lease.holds()).as("its last renewal is too old to deliver").isFalse();
        assertThat(dead.lease.renew()).isEqualTo(NodeLease.Renewal.LOST);
        assertThat(dead.lease.holds()).as("nor after a renewal was refused").isFalse();
        long before = dead.outbox.failedCommitCount();
        dead.outbox.emit(event("late", 0));
        await().atMost(WAIT).until(() -> dead.outbox.failedCommitCount() > before);
        assertThat(count(survivor.db, "SELECT COUNT(*) FROM webhook_outbox WHERE ordering_key = 'late'"))
                .as("the fence refused its write").isZero();
    }

    @Test
    void aRestartTakesTheNodeBackAndFencesTheOldProcess() {
        TestNode old = node(1, false);
        NodeLease restarted = NodeLease.acquire(old.db, 1, TestNode.LEASE, clock);
        assertThat(restarted.epoch()).isGreaterThan(old.lease.epoch());
        assertThat(old.lease.renew()).as("the older epoch").isEqualTo(NodeLease.Renewal.LOST);
        assertThat(restarted.renew()).isEqualTo(NodeLease.Renewal.RENEWED);

        TestNode survivor = node(2, true);
        clock.advance(Duration.ofMillis(12_001));
        assertThat(survivor.renewAndClaim()).hasSize(1);
        NodeLease afterClaim = NodeLease.acquire(old.db, 1, TestNode.LEASE, clock);
        assertThat(afterClaim.renew()).as("a start after a claim owns its number again")
                .isEqualTo(NodeLease.Renewal.RENEWED);
    }

    @Test
    void anOrderlyStopReleasesTheLeaseAtOnce() {
        TestNode stopping = node(1, false);
        TestNode survivor = node(2, true);
        stopping.lease.release();
        clock.advance(Duration.ofMillis(2_001)); // one renew interval: the grace, not the whole lease
        assertThat(survivor.renewAndClaim()).hasSize(1);
    }

    private OutgoingEvent event(String call, int n) {
        ObjectNode payload = Json.object();
        payload.put("call_control_id", call);
        payload.put("n", n);
        return new OutgoingEvent(call, "call.dtmf.received", payload, clock.instant(),
                new WebhookTarget(app.url().toString(), "POST", null));
    }

    @Test
    void rowsFromBeforeNodesWereNamedAreClaimedByASurvivor() throws Exception {
        // a database of the version before nodes (V10), with a call open and an event not yet delivered
        org.flywaydb.core.Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration/postgresql").target("10").load().migrate();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(database.url(), database.user(),
                database.password()); java.sql.Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO call_record (call_control_id, call_leg_id, call_session_id, from_user,"
                    + " to_user, state, start_time, webhook_url, webhook_method) VALUES ('old-call', 'leg-old',"
                    + " 'session-old', 'alice', 'ivr', 'answered', '" + clock.instant() + "', '" + app.url()
                    + "', 'POST')");
            st.executeUpdate("INSERT INTO webhook_outbox (event_id, ordering_key, data_json, url, method,"
                    + " next_attempt_at, state, created_at) VALUES ('old-event', 'old-call', '{\"event_type\":"
                    + "\"call.dtmf.received\",\"id\":\"old-event\",\"payload\":{\"call_control_id\":"
                    + "\"old-call\",\"n\":0},\"record_type\":\"event\"}', '" + app.url() + "', 'POST', 0,"
                    + " 'pending', 0)");
        }
        TestNode survivor = node(3, true); // migrates to the current version; the cluster has no node 0

        assertThat(survivor.renewAndClaim()).extracting(DeadNodeClaims.Claimed::node).containsExactly(0);
        await().atMost(WAIT).until(() -> app.events().size() >= 2);
        assertThat(app.events()).extracting(e -> e.callControlId() + " " + e.eventType())
                .containsExactly("old-call call.dtmf.received", "old-call call.hangup");
    }

    private void openCall(Database db, String id, int node) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO call_record (call_control_id, call_leg_id,"
                    + " call_session_id, from_user, to_user, state, start_time, webhook_url, webhook_method, node_id)"
                    + " VALUES (?, ?, ?, 'alice', 'ivr', 'answered', ?, ?, 'POST', ?)")) {
                ps.setString(1, id);
                ps.setString(2, "leg-" + id);
                ps.setString(3, "session-" + id);
                ps.setString(4, clock.instant().toString());
                ps.setString(5, app.url().toString());
                ps.setInt(6, node);
                return ps.executeUpdate();
            }
        });
    }

    private static void endCall(Database db, String id) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE call_record SET state = 'ended', ended_at = 1 WHERE call_control_id = ?")) {
                ps.setString(1, id);
                return ps.executeUpdate();
            }
        });
    }

    private static long count(Database db, String sql) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
