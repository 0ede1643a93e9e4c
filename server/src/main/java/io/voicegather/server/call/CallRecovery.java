package io.voicegather.server.call;

import io.voicegather.server.store.Database;
import io.voicegather.server.webhook.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * No call ends silently: a call record still open at start belongs to a call the last process never ended (it
 * crashed or was killed). Each such call gets its call.hangup ({@link HangupReason#CUT_OFF}: hangup_cause
 * "unspecified", hangup_source "unknown", sip_hangup_cause "unspecified"), and its record is marked ended.
 * <p>
 * Ordering: the hangup goes through the outbox, so its seq follows every event of the call that was committed,
 * and it is delivered after them; the ended mark is queued after it (see {@link CallRecords}).
 * <p>
 * Lifecycle: run once at start, after the outbox and before SIP takes calls.
 */
public final class CallRecovery {
    private static final Logger log = LoggerFactory.getLogger(CallRecovery.class);

    private CallRecovery() {
    }

    /**
     * Hangs up, in webhooks and records, every call of this node (the outbox's) left open by the last process;
     * returns how many.
     */
    public static int hangUpCutOffCalls(Database db, Outbox outbox, String connectionId, Clock clock) {
        List<CallRecordTable.Row> open = db.withConnection(c -> CallRecordTable.open(c, outbox.nodeId()));
        int n = hangUp(open, outbox, connectionId, clock);
        if (n > 0) {
            log.info("{} call(s) cut off by the last stop were hung up (call.hangup, hangup_cause unspecified)", n);
        }
        return n;
    }

    /** Each call's call.hangup (cut off), then its ended mark, through {@code outbox}; returns how many. */
    static int hangUp(List<CallRecordTable.Row> open, Outbox outbox, String connectionId, Clock clock) {
        CallEvents events = new CallEvents(outbox, connectionId);
        CallRecords records = CallRecords.inOrderWith(outbox, clock);
        for (CallRecordTable.Row row : open) {
            Call call = row.withoutLine();
            call.state = CallState.ENDED;
            call.endTime = clock.instant();
            events.hangup(call, HangupReason.CUT_OFF, call.endTime);
            records.ended(call);
        }
        return open.size();
    }
}
