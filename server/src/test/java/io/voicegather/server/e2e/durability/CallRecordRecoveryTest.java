package io.voicegather.server.e2e.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.e2e.durability.PinnedPortReceiver.Delivery;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.SqliteDatabase;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No call ends silently, with every part real: a server JVM on a data folder, SIPp calls, a webhook endpoint that
 * checks every signature. Three calls are up when the server is killed with SIGKILL (no orderly close, so nothing
 * hangs them up): "live" is answered and its call.answered is still undelivered (the endpoint refuses it), "parked"
 * was never answered, "normal" already ended with its own hangup. A new server on the same folder must send one
 * call.hangup with hangup_cause "unspecified" for "live" (after its call.answered, carrying the client_state last
 * set) and for "parked", and nothing more for "normal". On both backends: SQLite in the data folder, and a
 * PostgreSQL database the servers reach by --database-url.
 */
class CallRecordRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "records-key";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ANSWER_STATE = "YW5zd2Vy";   // "answer"
    private static final String LAST_STATE = "bGFzdA==";     // "last"

    @TempDir
    Path dir;
    /** Where the servers under test keep their data. */
    private DatabaseSettings database;

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void callsCutOffByACrashGetOneUnspecifiedHangupAfterTheirEventsAndEndedCallsNone(TestBackend backend)
            throws Exception {
        Sipp.requirePcapPlayback();
        Path silence = new RtpPcapWriter().silence(90_000).write(dir.resolve("silence.pcap"));
        Path data = dir.resolve("data");
        ServerPorts ports = ServerPorts.free();
        database = backend.settings(data);
        List<String> flags = new ArrayList<>(ports.flags(data, API_KEY, "--answer-timeout-seconds", "600"));
        if (database.url() != null) {
            flags.addAll(List.of("--database-url", database.url(), "--database-user", database.user(),
                    "--database-password", database.password()));
        }
        ApiClient api = ports.api(API_KEY);

        try (ServerProcess first = ServerProcess.start(flags, dir.resolve("server-1.log"))) {
            String publicKey = first.awaitStarted(WAIT);
            try (PinnedPortReceiver app = PinnedPortReceiver.start(ports.hook(), publicKey)) {
                // the live call's call.answered stays pending: it must still come before its recovered hangup
                app.refuse(d -> d.eventType().equals("call.answered") && from(d).equals("live"));
                app.onEvent(d -> {
                    if (d.eventType().equals("call.initiated") && !from(d).equals("parked")) {
                        answerAndSetState(api, d.payload().path("call_control_id").asText());
                    }
                });
                try (Sipp.Running live = call("live", "uac_wait_bye.xml", ports.sip(), silence);
                     Sipp.Running parked = call("parked", "uac_wait_bye.xml", ports.sip(), silence);
                     Sipp.Running normal = call("normal", "uac_bye_now.xml", ports.sip(), silence)) {
                    Sipp.Result ended = normal.await();
                    assertThat(ended.exitCode()).as(ended.describe()).isZero();
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                        Map<String, RecordRow> r = recordsByCaller(data);
                        return r.size() == 3 && r.get("live").state().equals("answered")
                                && LAST_STATE.equals(r.get("live").clientState())
                                && r.get("parked").state().equals("parked") && r.get("normal").endedAt() != null;
                    });
                    await().atMost(WAIT).until(() -> app.deliveries().stream().anyMatch(d ->
                            from(d).equals("normal") && d.eventType().equals("call.hangup")));
                    assertThat(first.kill()).as("128 + SIGKILL").isEqualTo(137);
                    assertThat(live.isAlive()).as("the live call was never hung up by the killed server").isTrue();
                }
                assertThat(hangups(data)).as("hangups recorded before the crash").containsOnlyKeys("normal");

                // a new server on the same folder; the endpoint now takes everything
                app.refuse(d -> false);
                try (ServerProcess second = ServerProcess.start(flags, dir.resolve("server-2.log"))) {
                    second.awaitStarted(WAIT);
                    // a record is marked ended after its hangup is queued: once all are ended, the hangups are in
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() ->
                            recordsByCaller(data).values().stream().allMatch(r -> r.endedAt() != null));
                    Map<String, List<JsonNode>> hangups = hangups(data);
                    assertThat(hangups).containsOnlyKeys("live", "parked", "normal");
                    assertThat(hangups.get("normal")).as("an ended call gets no second hangup").hasSize(1)
                            .allSatisfy(p -> assertThat(p.path("hangup_cause").asText()).isEqualTo("normal_clearing"));
                    for (String cutOff : List.of("live", "parked")) {
                        assertThat(hangups.get(cutOff)).as(cutOff).hasSize(1).allSatisfy(p -> {
                            assertThat(p.path("hangup_cause").asText()).isEqualTo("unspecified");
                            assertThat(p.path("hangup_source").asText()).isEqualTo("unknown");
                            assertThat(p.path("sip_hangup_cause").asText()).isEqualTo("unspecified");
                            assertThat(p.path("state").asText()).isEqualTo("hangup");
                        });
                    }
                    assertThat(hangups.get("live").get(0).path("client_state").asText()).isEqualTo(LAST_STATE);
                    assertThat(recordsByCaller(data).values()).extracting(RecordRow::state).containsOnly("ended");

                    app.awaitAccepted(d -> d.stream().filter(x -> x.eventType().equals("call.hangup")).count() >= 3,
                            WAIT);
                    await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> pendingRows(data) == 0);
                    Map<String, List<String>> byCaller = acceptedTypesByCaller(app.deliveries());
                    assertThat(byCaller.get("live")).as("after its earlier events, once")
                            .containsExactly("call.initiated", "call.answered", "call.hangup");
                    assertThat(byCaller.get("parked")).containsExactly("call.initiated", "call.hangup");
                    assertThat(byCaller.get("normal")).containsExactly("call.initiated", "call.answered", "call.hangup");
                    Delivery liveHangup = app.deliveries().stream().filter(d -> d.rejectReason() == null
                            && from(d).equals("live") && d.eventType().equals("call.hangup")).findFirst().orElseThrow();
                    Delivery liveStart = app.deliveries().stream().filter(d -> from(d).equals("live")
                            && d.eventType().equals("call.initiated")).findFirst().orElseThrow();
                    assertThat(liveHangup.payload().path("start_time")).isEqualTo(liveStart.payload().path("start_time"));
                    assertThat(liveHangup.payload().path("call_leg_id"))
                            .isEqualTo(liveStart.payload().path("call_leg_id"));
                }
            }
        }
    }

    private static Sipp.Running call(String caller, String scenario, int sipPort, Path pcap) throws Exception {
        return Sipp.uac(scenario, "127.0.0.1:" + sipPort, pcap.getParent().resolve(caller)).caller(caller)
                .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix(caller).pause(Duration.ofMillis(500))
                .recvTimeout(Duration.ofSeconds(150)).timeout(Duration.ofSeconds(180)).start();
    }

    /** The app's answer (with one client_state), then a client_state_update: the record must keep the last. */
    private static void answerAndSetState(ApiClient api, String callControlId) {
        try {
            ApiClient.Response answer = api.action(callControlId, "answer",
                    "{\"client_state\":\"" + ANSWER_STATE + "\"}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            ApiClient.Response update = api.action(callControlId, "client_state_update",
                    "{\"client_state\":\"" + LAST_STATE + "\"}");
            assertThat(update.status()).as(update.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String from(Delivery d) {
        return d.payload() == null ? "" : d.payload().path("from").asText("");
    }

    private static Map<String, List<String>> acceptedTypesByCaller(List<Delivery> deliveries) {
        Map<String, List<String>> out = new HashMap<>();
        for (Delivery d : deliveries) {
            if (d.rejectReason() == null) {
                out.computeIfAbsent(from(d), k -> new ArrayList<>()).add(d.eventType());
            }
        }
        return out;
    }

    /** One call_record row. */
    record RecordRow(String callControlId, String from, String state, String clientState, Long endedAt) {
    }

    private Map<String, RecordRow> recordsByCaller(Path dataDir) throws SQLException {
        Map<String, RecordRow> out = new HashMap<>();
        query(dataDir, "SELECT call_control_id, from_user, state, client_state, ended_at FROM call_record", rs ->
                out.put(rs.getString(2), new RecordRow(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5) == null ? null : rs.getLong(5))));
        return out;
    }

    /** Every recorded call.hangup payload, by caller, in seq order. */
    private Map<String, List<JsonNode>> hangups(Path dataDir) throws SQLException {
        Map<String, List<JsonNode>> out = new HashMap<>();
        query(dataDir, "SELECT data_json FROM webhook_outbox ORDER BY seq", rs -> {
            JsonNode d = readJson(rs.getString(1));
            if (d.path("event_type").asText().equals("call.hangup")) {
                JsonNode p = d.path("payload");
                out.computeIfAbsent(p.path("from").asText(), k -> new ArrayList<>()).add(p);
            }
        });
        return out;
    }

    private long pendingRows(Path dataDir) throws SQLException {
        long[] n = new long[1];
        query(dataDir, "SELECT COUNT(*) FROM webhook_outbox WHERE state = 'pending'", rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Reads the database (the file in the data folder, or the PostgreSQL one) as another process would. */
    private void query(Path dataDir, String sql, RowReader reader) throws SQLException {
        try (Connection c = database.url() == null
                ? DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME))
                : DriverManager.getConnection(database.url(), database.user(), database.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                reader.read(rs);
            }
        }
    }

    private static JsonNode readJson(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
