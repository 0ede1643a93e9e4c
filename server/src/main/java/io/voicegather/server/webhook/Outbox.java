package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.SqlWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
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
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** The default of {@code --webhook-max-uncommitted}. */
    public static final int DEFAULT_MAX_UNCOMMITTED = 100_000;
    /** How often at most a line reports events dropped at the memory bound. */
    private static final long DROP_REPORT_MILLIS = 60_000;
    private static final DateTimeFormatter OCCURRED_AT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Database db;
    private final Clock clock;
    private final int nodeId;
    private final OutboxWriter writer;
    private final int maxUncommitted;
    private final int commandBound;
    private final AtomicLong droppedEvents = new AtomicLong();
    private final AtomicLong droppedSinceReport = new AtomicLong();
    private final AtomicLong lastDropReport = new AtomicLong(Long.MIN_VALUE);
    private volatile Consumer<OutboxEntry> onCommitted = entry -> {
    };

    public Outbox(Database db) {
        this(db, Clock.systemUTC());
    }

    /** {@code clock} stamps occurred_at when an event has none, and the rows' bookkeeping times. */
    public Outbox(Database db, Clock clock) {
        this(db, clock, DEFAULT_MAX_UNCOMMITTED);
    }

    /**
     * {@code maxUncommitted}: the most events held in memory while not committed (the memory bound); commands are
     * refused from {@link #commandBound(int)} on, so that what is left is headroom for the events live calls emit
     * by themselves. See docs/webhooks.md, "When the disk refuses writes".
     */
    public Outbox(Database db, Clock clock, int maxUncommitted) {
        this(db, clock, maxUncommitted, 0, WriteFence.NONE);
    }

    /**
     * An outbox of node {@code nodeId} of a cluster: its rows carry the node's number (the node that delivers them),
     * and every transaction passes {@code fence} first (docs/cluster.md).
     */
    public Outbox(Database db, Clock clock, int maxUncommitted, int nodeId, WriteFence fence) {
        if (maxUncommitted < 1) {
            throw new IllegalArgumentException("maxUncommitted must be positive: " + maxUncommitted);
        }
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nodeId = nodeId;
        this.maxUncommitted = maxUncommitted;
        this.commandBound = commandBound(maxUncommitted);
        this.writer = new OutboxWriter(db, Objects.requireNonNull(fence, "fence"), maxUncommitted,
                OutboxWriter.LINGER_MILLIS, OutboxWriter.COMMIT_PACE_MILLIS);
    }

    /** Uncommitted events from which new calls and commands are refused: four fifths of the memory bound. */
    public static int commandBound(int maxUncommitted) {
        return Math.max(1, maxUncommitted - maxUncommitted / 5);
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
        String id = EventIds.next(clock.millis());
        Instant occurredAt = event.occurredAt() != null ? event.occurredAt() : clock.instant();
        String data = dataJson(id, event.eventType(), occurredAt, event.payload());
        OutboxTable.NewRow row = new OutboxTable.NewRow(id, event.orderingKey(), data, target.url(), method, failover,
                clock.millis(), target.primaryRetries(), nodeId);

        boolean queued = writer.offer(new OutboxWriter.Op() {
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
        if (!queued) {
            dropped(event);
        }
        return id;
    }

    /**
     * Sends a recorded event again (an operator's replay, from the console): the same {@code data}, id included, as
     * a new delivery at the end of its call's lane, with its first URL and retry policy. Completes with false when no
     * event of that id is kept (delivered events are kept for their retention).
     */
    public CompletableFuture<Boolean> replay(String eventId) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        String replayId = eventId + ":replay:" + java.util.UUID.randomUUID(); // the data.id first: see CallEventRecorder
        boolean queued = writer.offer(new OutboxWriter.Op() {
            OutboxTable.NewRow row;
            long seq;

            @Override
            public void apply(Connection c) throws SQLException {
                row = OutboxTable.replayOf(c, eventId, replayId, clock.millis(), nodeId);
                if (row != null) {
                    seq = OutboxTable.insert(db, c, row);
                }
            }

            @Override
            public void committed() {
                if (row != null) {
                    onCommitted.accept(row.withSeq(seq));
                }
                done.complete(row != null);
            }

            @Override
            public boolean durable() {
                return true;
            }
        });
        if (!queued) {
            done.completeExceptionally(new IllegalStateException("the outbox is at its memory bound"));
        }
        return done;
    }

    /**
     * Past the memory bound an event cannot be kept: it is counted and reported (a line a minute at most), never
     * dropped silently. Commands were refused long before, so only events calls emit by themselves get here.
     */
    private void dropped(OutgoingEvent event) {
        droppedEvents.incrementAndGet();
        droppedSinceReport.incrementAndGet();
        long now = clock.millis();
        long last = lastDropReport.get();
        if ((last == Long.MIN_VALUE || now - last >= DROP_REPORT_MILLIS) && lastDropReport.compareAndSet(last, now)) {
            log.error("webhook outbox: {} events not committed, the memory bound (--webhook-max-uncommitted); "
                            + "dropped {} events since the last report, the last {} of {}", maxUncommitted,
                    droppedSinceReport.getAndSet(0), event.eventType(), event.orderingKey());
        }
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

    /** The node whose rows these are: 0 on a single server. */
    public int nodeId() {
        return nodeId;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Queues a write without waiting for it. Past the memory bound it is not queued and told so through
     * {@link OutboxWriter.Op#failed}, at once, on this thread: such writes may be lost anyway.
     */
    void write(OutboxWriter.Op op) {
        if (!writer.offer(op)) {
            op.failed(new IllegalStateException("webhook outbox: " + maxUncommitted + " writes wait in memory"));
        }
    }

    /**
     * Queues a delivery's bookkeeping: it commits with the next write that cannot wait, or within
     * {@link OutboxWriter#LINGER_MILLIS}. A failed commit drops it (the cost is a redelivery).
     */
    void writeBookkeeping(OutboxWriter.Op work) {
        write(new OutboxWriter.Op() {
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
     * {@link #flush()} under way counts as one. At most the memory bound: past it an event is dropped and counted.
     */
    public int uncommittedCount() {
        return writer.uncommitted();
    }

    @Override
    public boolean hasRoomForCommands() {
        return writer.uncommitted() < commandBound;
    }

    /** Events dropped because the memory bound was reached (the disk refused writes for long), since the start. */
    public long droppedCount() {
        return droppedEvents.get();
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
