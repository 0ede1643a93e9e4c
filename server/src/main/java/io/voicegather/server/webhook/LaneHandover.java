package io.voicegather.server.webhook;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A dead node's pending events, moved to a survivor: every pending row of the dead node now names the survivor, and
 * the survivor's dispatcher {@link WebhookDispatcher#adopt adopts} the moved lanes once the move is committed.
 * Lanes move whole (all of a call's pending rows in one statement), so per-call order and the absence of gaps carry
 * over; the lanes keep their seq values, so the survivor's later events of the same call (its call.hangup) follow them.
 */
public final class LaneHandover {
    private final int from;
    private final List<OutboxTable.KeyBacklog> lanes;

    private LaneHandover(int from, List<OutboxTable.KeyBacklog> lanes) {
        this.from = from;
        this.lanes = lanes;
    }

    /** Moves node {@code from}'s pending rows to node {@code to}, in the caller's transaction (the claim's). */
    public static LaneHandover take(Connection c, int from, int to) throws SQLException {
        return new LaneHandover(from, OutboxTable.movePending(c, from, to));
    }

    /** The node the lanes came from. */
    public int from() {
        return from;
    }

    /** Calls (ordering keys) whose events moved. */
    public int lanes() {
        return lanes.size();
    }

    /** Events moved. */
    public long events() {
        return lanes.stream().mapToLong(OutboxTable.KeyBacklog::count).sum();
    }

    List<OutboxTable.KeyBacklog> backlogs() {
        return lanes;
    }
}
