package io.voicegather.server.call;

import io.voicegather.server.store.SqlWork;
import io.voicegather.server.webhook.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Keeps each call's durable record (table {@code call_record}) up to date, so that a call cut off by a crash still
 * gets its call.hangup at the next start ({@link CallRecovery}).
 * <p>
 * Ordering: writes go to the outbox's writer queue ({@link Outbox#writeInOrder}), the queue the call's events go
 * to, so a record change and the events around it commit in the order the strand produced them. The ended mark is
 * queued after the call.hangup event: a crash between the two repeats the hangup, it never loses it.
 * <p>
 * Threading: called on the call's strand; nothing here waits for the disk.
 */
public final class CallRecords {
    private static final Logger log = LoggerFactory.getLogger(CallRecords.class);
    /** Ended records are kept this long (for inspection), then deleted. */
    public static final Duration RETAIN_ENDED = Duration.ofDays(1);
    /** Records nothing: for a server without a database, or a benchmark. */
    public static final CallRecords NONE = new CallRecords(work -> { }, 0, Clock.systemUTC());

    private final Consumer<SqlWork<?>> writes;
    private final int nodeId;
    private final Clock clock;

    private CallRecords(Consumer<SqlWork<?>> writes, int nodeId, Clock clock) {
        this.writes = writes;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    /** Records written in order with the events of {@code outbox}, owned by the outbox's node. */
    public static CallRecords inOrderWith(Outbox outbox, Clock clock) {
        return new CallRecords(outbox::writeInOrder, outbox.nodeId(), clock);
    }

    void opened(Call call) {
        CallRecordTable.Row row = CallRecordTable.Row.of(call);
        queue(c -> {
            CallRecordTable.insert(c, row, nodeId);
            return null;
        });
    }

    void answered(Call call) {
        CallRecordTable.Row row = CallRecordTable.Row.of(call);
        queue(c -> {
            CallRecordTable.answered(c, row);
            return null;
        });
    }

    void clientStateSet(Call call) {
        String clientState = call.clientState; // read here, on the strand, not later on the writer
        queue(c -> {
            CallRecordTable.clientState(c, call.callControlId, clientState);
            return null;
        });
    }

    void ended(Call call) {
        Instant at = call.endTime;
        queue(c -> {
            CallRecordTable.ended(c, call.callControlId, at);
            return null;
        });
    }

    /** Deletes records that ended more than {@link #RETAIN_ENDED} ago. */
    public void purgeEnded() {
        Instant before = clock.instant().minus(RETAIN_ENDED);
        queue(c -> {
            int gone = CallRecordTable.purgeEnded(c, before);
            if (gone > 0) {
                log.debug("{} ended call record(s) purged", gone);
            }
            return null;
        });
    }

    private void queue(SqlWork<?> work) {
        try {
            writes.accept(work);
        } catch (IllegalStateException closed) {
            log.debug("call record not written, the outbox is closed: {}", closed.getMessage());
        }
    }
}
