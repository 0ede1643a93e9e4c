package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.SqlWork;
import io.voicegather.server.store.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The durable {@link WebhookSink}. {@link #emit} envelopes the event and returns only once its outbox row is
 * committed (so an event whose id was returned survives a crash); concurrent emits share one commit. Committed
 * rows are handed to the attached {@link WebhookDispatcher} in sequence order, without a database read.
 * <p>
 * Thread-safe. Owns the outbox writer thread: close it after the dispatcher and before the database.
 */
public final class Outbox implements WebhookSink, AutoCloseable {
    private static final DateTimeFormatter OCCURRED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Database db;
    private final Clock clock;
    private final OutboxWriter writer;
    private volatile Consumer<OutboxEntry> onCommitted = entry -> {
    };

    public Outbox(Database db) {
        this(db, Clock.systemUTC());
    }

    /** {@code clock} stamps occurred_at when an event has none, and the rows' bookkeeping times. */
    public Outbox(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new OutboxWriter(db);
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
        String id = java.util.UUID.randomUUID().toString();
        Instant occurredAt = event.occurredAt() != null ? event.occurredAt() : clock.instant();
        String data = dataJson(id, event.eventType(), occurredAt, event.payload());
        OutboxTable.NewRow row = new OutboxTable.NewRow(id, event.orderingKey(), data, target.url(), method, failover,
                clock.millis(), target.primaryRetries());

        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new OutboxWriter.Op() {
            long seq;

            @Override
            public void apply(Connection c) throws SQLException {
                seq = OutboxTable.insert(c, row);
            }

            @Override
            public void committed() {
                try {
                    onCommitted.accept(row.withSeq(seq));
                } finally {
                    done.complete(null);
                }
            }

            @Override
            public void failed(RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("cannot record webhook " + id, cause);
        }
        return id;
    }

    /**
     * The envelope's {@code data} object as stored and sent: record_type, event_type, id, occurred_at (and for
     * call.conversation.ended created_at), payload.
     */
    static String dataJson(String id, String eventType, Instant occurredAt, ObjectNode payload) {
        ObjectNode data = Json.object();
        data.put("record_type", "event");
        data.put("event_type", eventType);
        data.put("id", id);
        data.put("occurred_at", OCCURRED_AT.format(occurredAt));
        if ("call.conversation.ended".equals(eventType)) {
            data.put("created_at", OCCURRED_AT.format(occurredAt)); // this event's envelope carries both, like Telnyx's
        }
        data.set("payload", payload != null ? payload : Json.object());
        return Json.write(data);
    }

    /** Called by the dispatcher: committed rows go to {@code listener}, on the writer thread, in seq order. */
    void attach(Consumer<OutboxEntry> listener) {
        onCommitted = Objects.requireNonNull(listener);
    }

    Database database() {
        return db;
    }

    Clock clock() {
        return clock;
    }

    /** Queues bookkeeping without waiting for it. */
    void write(OutboxWriter.Op op) {
        writer.submit(op);
    }

    /**
     * Queues a write of another table without waiting for it. It commits on the writer thread, in order with the
     * events emitted before and after it (so a call's record and its events change in the order they happened). A
     * failed write is logged. Throws IllegalStateException once the outbox is closed.
     */
    public void writeInOrder(SqlWork<?> work) {
        Objects.requireNonNull(work, "work");
        write(work::run);
    }

    /** Writes everything queued, then stops accepting emits. Does not close the database. */
    @Override
    public void close() {
        writer.close();
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
