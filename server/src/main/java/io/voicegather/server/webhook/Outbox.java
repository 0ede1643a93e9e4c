package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * The durable {@link WebhookSink}: {@link #emit} envelopes the event, commits one outbox row and only then returns,
 * so an event whose id was returned survives a crash. It then hands the row to the dispatcher without a database
 * read. Thread-safe; called from call threads, so it does no network I/O.
 */
public final class Outbox implements WebhookSink {
    private static final DateTimeFormatter OCCURRED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Database db;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    /** An outbox whose committed events are delivered by {@code dispatcher} (which may be started later). */
    public Outbox(Database db, WebhookDispatcher dispatcher) {
        this(db, dispatcher, dispatcher.clock());
    }

    /**
     * An outbox that only records; rows wait in the database until a dispatcher starts on it (e.g. in another
     * process after a restart).
     */
    public Outbox(Database db, Clock clock) {
        this(db, null, clock);
    }

    private Outbox(Database db, WebhookDispatcher dispatcher, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.dispatcher = dispatcher;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String emit(OutgoingEvent event) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.orderingKey(), "orderingKey");
        Objects.requireNonNull(event.eventType(), "eventType");
        WebhookTarget target = Objects.requireNonNull(event.target(), "target");
        if (target.url() == null || target.url().isBlank()) {
            throw new IllegalArgumentException("webhook target has no url");
        }
        String method = normaliseMethod(target.method());
        String failover = target.failoverUrl() == null || target.failoverUrl().isBlank() ? null : target.failoverUrl();
        String id = UUID.randomUUID().toString();
        Instant occurredAt = event.occurredAt() != null ? event.occurredAt() : clock.instant();
        String data = dataJson(id, event.eventType(), occurredAt, event.payload());
        long now = clock.millis();

        OutboxTable.NewRow row = new OutboxTable.NewRow(id, event.orderingKey(), data, target.url(), method, failover, now);
        long seq = db.inTransaction(c -> OutboxTable.insert(c, List.of(row)))[0];

        if (dispatcher != null) {
            dispatcher.offer(new OutboxEntry(seq, id, event.orderingKey(), data, target.url(), method, failover,
                    0, 0, false, now));
        }
        return id;
    }

    /** The envelope's {@code data} object as stored and sent: record_type, event_type, id, occurred_at, payload. */
    static String dataJson(String id, String eventType, Instant occurredAt, ObjectNode payload) {
        ObjectNode data = Json.object();
        data.put("record_type", "event");
        data.put("event_type", eventType);
        data.put("id", id);
        data.put("occurred_at", OCCURRED_AT.format(occurredAt));
        data.set("payload", payload != null ? payload : Json.object());
        return Json.write(data);
    }

    private static String normaliseMethod(String method) {
        if (method == null || method.isBlank()) {
            return "POST";
        }
        String m = method.trim().toUpperCase(Locale.ROOT);
        if (!m.equals("POST") && !m.equals("GET")) {
            throw new IllegalArgumentException("webhook method must be POST or GET, not " + method);
        }
        return m;
    }
}
