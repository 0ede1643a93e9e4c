package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.SqlWork;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The durable {@link WebhookSink}. {@link #emit} envelopes the event, queues its outbox row and returns its id at
 * once; the writer thread commits what has queued in one transaction, retrying a failed commit until it succeeds.
 * Committed rows are handed to the attached {@link WebhookDispatcher} in sequence order, without a database read,
 * so nothing is sent before it is committed.
 * <p>
 * Ordering: rows are committed in emit order (one queue, one writer, first in first out), so a crash loses at most
 * the latest events of a call, never one before a committed one. See docs/webhooks.md, "Durability".
 * <p>
 * Threading: thread-safe; no caller waits on the disk except {@link #flush()} and {@link #close()}.
 * <p>
 * Lifecycle: owns the outbox writer thread: close it after the dispatcher and before the database.
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

        writer.submit(new OutboxWriter.Op() {
            long seq;

            @Override
            public void apply(Connection c) throws SQLException {
                seq = OutboxTable.insert(db, c, row);
            }

            @Override
            public void committed() {
                onCommitted.accept(row.withSeq(seq));
            }

            @Override
            public boolean durable() {
                return true;
            }
        });
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

    /** Queues a write without waiting for it. */
    void write(OutboxWriter.Op op) {
        writer.submit(op);
    }

    /**
     * Queues a delivery's bookkeeping: it commits with the next write that cannot wait, or within
     * {@link OutboxWriter#LINGER_MILLIS}. A failed commit drops it (the cost is a redelivery).
     */
    void writeBookkeeping(OutboxWriter.Op work) {
        writer.submit(new OutboxWriter.Op() {
            @Override
            public void apply(Connection c) throws SQLException {
                work.apply(c);
            }

            @Override
            public boolean canWait() {
                return true;
            }
        });
    }

    /**
     * Queues a write of another table without waiting for it. It commits on the writer thread, in order with the
     * events emitted before and after it (so a call's record and its events change in the order they happened).
     * A write that fails is logged and dropped, never retried: one that always fails must not hold up the events
     * behind it. Throws IllegalStateException once the outbox is closed.
     */
    public void writeInOrder(SqlWork<?> work) {
        Objects.requireNonNull(work, "work");
        write(work::run);
    }

    /**
     * Events emitted but not committed yet (queued, or in a batch being retried after a failed commit); a
     * {@link #flush()} under way counts as one. Unbounded for now: while the disk refuses writes, this grows with
     * every emit.
     */
    public int uncommittedCount() {
        return writer.uncommitted();
    }

    /** Transactions the outbox committed since the start (each one fsync), for monitoring. */
    public long commitCount() {
        return writer.commits();
    }

    /** Commit attempts that failed since the start (each is retried), for monitoring and tests. */
    public long failedCommitCount() {
        return writer.failedCommits();
    }

    /** Waits until everything emitted before this call is committed (and handed to the dispatcher). */
    public void flush() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new OutboxWriter.Op() {
            @Override
            public void apply(Connection c) {
            }

            @Override
            public void committed() {
                done.complete(null);
            }

            @Override
            public boolean durable() {
                return true; // retried with the events before it, so it completes only after them
            }
        });
        done.join();
    }

    /** Writes everything queued (waiting a bounded time), then stops accepting emits. Does not close the database. */
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
