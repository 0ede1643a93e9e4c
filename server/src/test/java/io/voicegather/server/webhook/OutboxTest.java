package io.voicegather.server.webhook;

import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.SqliteDatabase;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void aFlushedEventIsCommitted() throws Exception {
        try (SqliteDatabase db = Database.open(dir); Outbox outbox = new Outbox(db)) {
            var payload = Json.object().put("digit", "#");
            String id = outbox.emit(new OutgoingEvent("call-9", "call.dtmf.received", payload,
                    Instant.parse("2026-01-02T03:04:05.000007Z"),
                    new WebhookTarget("http://127.0.0.1:9/a", null, "http://127.0.0.1:9/b")));
            outbox.flush();

            // A separate connection sees the row: it is committed, not merely queued.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.file());
                 PreparedStatement ps = other.prepareStatement("SELECT ordering_key, data_json, url, method,"
                         + " failover_url, attempts, state FROM webhook_outbox WHERE event_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("call-9");
                    assertThat(rs.getString(2)).isEqualTo("{\"record_type\":\"event\",\"event_type\":\"call.dtmf.received\","
                            + "\"id\":\"" + id + "\",\"occurred_at\":\"2026-01-02T03:04:05.000007Z\","
                            + "\"payload\":{\"digit\":\"#\"}}");
                    assertThat(rs.getString(3)).isEqualTo("http://127.0.0.1:9/a");
                    assertThat(rs.getString(4)).isEqualTo("POST");
                    assertThat(rs.getString(5)).isEqualTo("http://127.0.0.1:9/b");
                    assertThat(rs.getInt(6)).isZero();
                    assertThat(rs.getString(7)).isEqualTo("pending");
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void concurrentEmitsKeepEachKeysOrderInTheSequence(TestBackend backend) throws Exception {
        int threads = 16;
        int perThread = 50;
        try (Database db = backend.open(dir); Outbox outbox = new Outbox(db)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "call-" + t;
                futures.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int n = 0; n < perThread; n++) {
                        ids.add(outbox.emit(event(key, n, post("http://127.0.0.1:9/x"))));
                    }
                    return ids;
                }));
            }
            Map<String, List<String>> expected = new HashMap<>();
            for (int t = 0; t < threads; t++) {
                expected.put("call-" + t, futures.get(t).get(30, TimeUnit.SECONDS));
            }
            pool.shutdown();
            outbox.flush();

            Map<String, List<String>> bySeq = WebhookStack.eventIdsByKey(db);
            assertThat(bySeq).isEqualTo(expected);
            assertThat(new HashSet<>(expected.values().stream().flatMap(List::stream).toList()))
                    .hasSize(threads * perThread);
        }
    }

    @Test
    void rejectsTargetsItCannotDeliverTo() {
        try (SqliteDatabase db = Database.open(dir); Outbox outbox = new Outbox(db)) {
            assertThatThrownBy(() -> outbox.emit(event("k", 0, new WebhookTarget("http://127.0.0.1:9/", "PUT", null))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> outbox.emit(event("k", 0, new WebhookTarget(" ", "POST", null))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> outbox.emit(event("k", 0, null))).isInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void emitAfterCloseFails() {
        try (Database db = Database.open(dir)) {
            Outbox outbox = new Outbox(db);
            outbox.close();
            assertThatThrownBy(() -> outbox.emit(event("k", 0, post("http://127.0.0.1:9/x"))))
                    .isInstanceOf(IllegalStateException.class);
        }
    }
}
