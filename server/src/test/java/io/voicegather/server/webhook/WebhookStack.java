package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.TestBackend;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Database, keys, dispatcher and outbox on one data folder, wired the way the server wires them; on SQLite unless
 * a {@link TestBackend} is named.
 */
final class WebhookStack implements AutoCloseable {
    final Database db;
    final SigningKeys keys;
    final WebhookDispatcher dispatcher;
    final Outbox outbox;

    private WebhookStack(Database db, Path dataDir, WebhookConfig config, Clock clock) {
        this.db = db;
        keys = SigningKeys.loadOrCreate(dataDir);
        outbox = new Outbox(db, clock);
        dispatcher = new WebhookDispatcher(outbox, keys.privateKey(), config);
    }

    /** Opened and started. */
    static WebhookStack start(Path dataDir, WebhookConfig config) {
        return start(dataDir, config, Clock.systemUTC());
    }

    static WebhookStack start(Path dataDir, WebhookConfig config, Clock clock) {
        return start(TestBackend.SQLITE, dataDir, config, clock);
    }

    static WebhookStack start(TestBackend backend, Path dataDir, WebhookConfig config) {
        return start(backend, dataDir, config, Clock.systemUTC());
    }

    static WebhookStack start(TestBackend backend, Path dataDir, WebhookConfig config, Clock clock) {
        return start(backend.open(dataDir), dataDir, config, clock);
    }

    /** Opened and started on {@code db}, which the stack closes. */
    static WebhookStack start(Database db, Path dataDir, WebhookConfig config) {
        return start(db, dataDir, config, Clock.systemUTC());
    }

    private static WebhookStack start(Database db, Path dataDir, WebhookConfig config, Clock clock) {
        WebhookStack s = new WebhookStack(db, dataDir, config, clock);
        s.dispatcher.start();
        return s;
    }

    /** Opened, dispatcher not started yet. */
    static WebhookStack open(Path dataDir, WebhookConfig config) {
        return open(dataDir, config, Clock.systemUTC());
    }

    static WebhookStack open(Path dataDir, WebhookConfig config, Clock clock) {
        return open(TestBackend.SQLITE, dataDir, config, clock);
    }

    static WebhookStack open(TestBackend backend, Path dataDir, WebhookConfig config) {
        return open(backend, dataDir, config, Clock.systemUTC());
    }

    static WebhookStack open(TestBackend backend, Path dataDir, WebhookConfig config, Clock clock) {
        return new WebhookStack(backend.open(dataDir), dataDir, config, clock);
    }

    /** Short delays so that retry tests finish quickly. */
    static WebhookConfig fastConfig() {
        return WebhookConfig.defaults()
                .withRequestTimeout(Duration.ofSeconds(2))
                .withRetries(3, List.of(Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(50)));
    }

    /** An event whose payload carries {@code n}, so receivers can check order. */
    static OutgoingEvent event(String key, int n, WebhookTarget target) {
        ObjectNode payload = Json.object();
        payload.put("call_control_id", key);
        payload.put("n", n);
        return new OutgoingEvent(key, "call.dtmf.received", payload, Instant.now(), target);
    }

    static WebhookTarget post(String url) {
        return new WebhookTarget(url, "POST", null);
    }

    String state(String eventId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM webhook_outbox WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    String lastError(String eventId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_error FROM webhook_outbox WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    /** Event ids per ordering key, in seq order, as stored. */
    static Map<String, List<String>> eventIdsByKey(Database db) {
        return db.withConnection(c -> {
            Map<String, List<String>> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT ordering_key, event_id FROM webhook_outbox ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return out;
        });
    }

    long rows() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM webhook_outbox");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        dispatcher.close();
        outbox.close();
        db.close();
    }
}
