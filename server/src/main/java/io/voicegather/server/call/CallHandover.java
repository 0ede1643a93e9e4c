package io.voicegather.server.call;

import io.voicegather.server.webhook.Outbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * A dead node's calls still open in call_record, given to a survivor in the claim's transaction. The calls
 * themselves went with their node (SIP and media cannot move), so once the claim is committed the survivor ends each
 * one as a restarted server ends the calls a crash cut off ({@link CallRecovery}): a call.hangup with hangup_cause
 * "unspecified", through the survivor's outbox, after the call's other events (it gets a later seq than every
 * moved row), then the ended mark.
 */
public final class CallHandover {
    private final List<CallRecordTable.Row> calls;

    private CallHandover(List<CallRecordTable.Row> calls) {
        this.calls = calls;
    }

    /** Gives node {@code to} the open records of node {@code from}, in the caller's transaction. */
    public static CallHandover take(Connection c, int from, int to) throws SQLException {
        return new CallHandover(CallRecordTable.moveOpen(c, from, to));
    }

    /** Calls taken. */
    public int calls() {
        return calls.size();
    }

    /** Emits each taken call's call.hangup and queues its ended mark; returns how many. Call after the commit. */
    public int hangUp(Outbox outbox, String connectionId, Clock clock) {
        return CallRecovery.hangUp(calls, outbox, connectionId, clock);
    }
}
