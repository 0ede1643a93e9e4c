package io.voicegather.server.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.webhook.Outbox;
import io.voicegather.server.webhook.PrimaryRetries;
import io.voicegather.server.webhook.WebhookTarget;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call records and the start-time recovery against a real database (SQLite and PostgreSQL) and outbox: what a record keeps is
 * enough to send the cut-off call's hangup where the call's own hangup would have gone, and old ended records go.
 * (The crash itself, with SIP calls and a killed server, is CallRecordRecoveryTest.)
 */
class CallRecordsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final WebhookTarget APP = new WebhookTarget("http://app.test/hooks", "POST", "http://backup.test/");

    @TempDir
    Path dir;

    /** One outbox row as the recovery left it. */
    record OutboxRow(String url, String method, String failoverUrl, String retries, JsonNode data) {
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void theRecoveredHangupFollowsTheAnswersRoutesAndCarriesTheRecordedCall(TestBackend backend) throws Exception {
        EventRoutes routes = new EventRoutes(Map.of("call.hangup", "http://app.test/ended"), "GET",
                APP.failoverUrl(), Map.of("call.hangup", new PrimaryRetries(List.of(100, 200))));
        try (Database db = backend.open(dir)) {
            try (Outbox outbox = new Outbox(db, CLOCK)) {
                insert(db, row("call-1", "answered", "c3RhdGU=", APP, routes));
                assertThat(CallRecovery.hangUpCutOffCalls(db, outbox, "conn-1", CLOCK)).isEqualTo(1);
            }
            List<OutboxRow> rows = outbox(db);
            assertThat(rows).hasSize(1);
            OutboxRow r = rows.get(0);
            assertThat(r.url()).isEqualTo("http://app.test/ended");
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.failoverUrl()).isEqualTo("http://backup.test/");
            assertThat(r.retries()).isEqualTo("[100,200]");
            JsonNode p = r.data().path("payload");
            assertThat(r.data().path("event_type").asText()).isEqualTo("call.hangup");
            assertThat(p.path("call_control_id").asText()).isEqualTo("call-1");
            assertThat(p.path("call_leg_id").asText()).isEqualTo("leg-call-1");
            assertThat(p.path("call_session_id").asText()).isEqualTo("session-call-1");
            assertThat(p.path("connection_id").asText()).isEqualTo("conn-1");
            assertThat(p.path("client_state").asText()).isEqualTo("c3RhdGU=");
            assertThat(p.path("from").asText()).isEqualTo("alice");
            assertThat(p.path("to").asText()).isEqualTo("ivr");
            assertThat(p.path("hangup_cause").asText()).isEqualTo("unspecified");
            assertThat(p.path("hangup_source").asText()).isEqualTo("unknown");
            assertThat(p.path("sip_hangup_cause").asText()).isEqualTo("unspecified");
            assertThat(p.path("start_time").asText()).isEqualTo("2026-12-01T09:59:00Z");
            assertThat(p.path("end_time").asText()).isEqualTo(NOW.toString());
            assertThat(endedAt(db)).containsExactly(NOW.toEpochMilli());

            try (Outbox again = new Outbox(db, CLOCK)) {
                assertThat(CallRecovery.hangUpCutOffCalls(db, again, "conn-1", CLOCK)).as("once").isZero();
            }
            assertThat(outbox(db)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aParkedCallsHangupGoesToTheApplicationsTarget(TestBackend backend) throws Exception {
        try (Database db = backend.open(dir)) {
            try (Outbox outbox = new Outbox(db, CLOCK)) {
                insert(db, row("call-2", "parked", null, APP, EventRoutes.NONE));
                CallRecovery.hangUpCutOffCalls(db, outbox, "conn-1", CLOCK);
            }
            assertThat(outbox(db)).singleElement().satisfies(r -> {
                assertThat(r.url()).isEqualTo(APP.url());
                assertThat(r.retries()).isNull();
                assertThat(r.data().path("payload").has("client_state")).as("none set: left out").isFalse();
            });
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aCallWithNowhereToReportIsMarkedEndedWithoutAnEvent(TestBackend backend) throws Exception {
        try (Database db = backend.open(dir)) {
            try (Outbox outbox = new Outbox(db, CLOCK)) {
                insert(db, row("call-3", "parked", null, null, EventRoutes.NONE));
                assertThat(CallRecovery.hangUpCutOffCalls(db, outbox, "conn-1", CLOCK)).isEqualTo(1);
            }
            assertThat(outbox(db)).isEmpty();
            assertThat(endedAt(db)).containsExactly(NOW.toEpochMilli());
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void endedRecordsAreDeletedAfterTheRetentionAndOpenOnesNever(TestBackend backend) throws Exception {
        try (Database db = backend.open(dir)) {
            for (String id : List.of("old", "recent", "open")) {
                insert(db, row(id, "answered", null, APP, EventRoutes.NONE));
            }
            db.inTransaction(c -> {
                CallRecordTable.ended(c, "old", NOW.minus(CallRecords.RETAIN_ENDED).minusSeconds(1));
                CallRecordTable.ended(c, "recent", NOW.minus(CallRecords.RETAIN_ENDED).plusSeconds(1));
                return null;
            });
            try (Outbox outbox = new Outbox(db, CLOCK)) {
                CallRecords.inOrderWith(outbox, CLOCK).purgeEnded();
            }
            List<String> left = new ArrayList<>();
            db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT call_control_id FROM call_record ORDER BY call_control_id");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        left.add(rs.getString(1));
                    }
                }
                return null;
            });
            assertThat(left).containsExactly("open", "recent");
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aRecordWrittenTwiceIsKeptOnceAsFirstWritten(TestBackend backend) {
        try (Database db = backend.open(dir)) {
            insert(db, row("call-4", "parked", null, APP, EventRoutes.NONE));
            insert(db, row("call-4", "parked", "c2Vjb25k", APP, EventRoutes.NONE)); // ON CONFLICT DO NOTHING
            List<CallRecordTable.Row> open = db.withConnection(CallRecordTable::open);
            assertThat(open).singleElement().satisfies(r -> assertThat(r.clientState()).isNull());
        }
    }

    @Test
    void eventRoutesSurviveTheirStoredForm() {
        EventRoutes routes = new EventRoutes(Map.of("call.hangup", "http://a.test/", "call.gather.ended",
                "http://b.test/"), "GET", "http://f.test/", Map.of("call.hangup", new PrimaryRetries(List.of(0, 5000))));
        assertThat(EventRoutes.fromJson(routes.toJson())).isEqualTo(routes);
        assertThat(EventRoutes.NONE.toJson()).isNull();
        assertThat(EventRoutes.fromJson(null)).isSameAs(EventRoutes.NONE);
    }

    private static CallRecordTable.Row row(String id, String state, String clientState, WebhookTarget target,
                                           EventRoutes routes) {
        return new CallRecordTable.Row(id, "leg-" + id, "session-" + id, "alice", "ivr", "Alice", state,
                "2026-12-01T09:59:00Z", clientState, target, routes);
    }

    /** As the strand's writes leave it: inserted parked, then the answer's update when answered. */
    private static void insert(Database db, CallRecordTable.Row row) {
        db.inTransaction(c -> {
            CallRecordTable.insert(c, row);
            if (row.state().equals("answered")) {
                CallRecordTable.answered(c, row);
            }
            return null;
        });
    }

    private static List<OutboxRow> outbox(Database db) {
        return db.withConnection(c -> {
            List<OutboxRow> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT url, method, failover_url, primary_retries_ms,"
                    + " data_json FROM webhook_outbox ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Json.MAPPER.readTree(rs.getString(5))));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            return out;
        });
    }

    private static List<Long> endedAt(Database db) {
        return db.withConnection(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT ended_at FROM call_record");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1) == null ? null : rs.getLong(1));
                }
            }
            return out;
        });
    }
}
