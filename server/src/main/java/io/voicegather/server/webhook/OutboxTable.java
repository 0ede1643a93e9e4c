package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The SQL of the {@code webhook_outbox} table. Writes run inside the caller's transaction. */
final class OutboxTable {
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";

    private static final String INSERT = "INSERT INTO webhook_outbox (event_id, ordering_key, data_json, url, method,"
            + " failover_url, attempts, url_attempts, on_failover, next_attempt_at, state, created_at,"
            + " primary_retries_ms, node_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, '" + PENDING + "', ?, ?, ?) RETURNING seq";
    private static final String COLUMNS = "seq, event_id, ordering_key, data_json, url, method,"
            + " failover_url, attempts, url_attempts, on_failover, next_attempt_at, created_at, primary_retries_ms";
    static final String SELECT_KEY_WINDOW = "SELECT " + COLUMNS + " FROM webhook_outbox"
            + " WHERE state = '" + PENDING + "' AND node_id = ? AND ordering_key = ? AND seq > ? ORDER BY seq LIMIT ?";
    /** A node reads only its own lanes: another node's rows are that node's to deliver (docs/cluster.md). */
    static final String SELECT_BACKLOGS = "SELECT ordering_key, MIN(seq), MAX(seq), COUNT(*)"
            + " FROM webhook_outbox WHERE state = '" + PENDING + "' AND node_id = ? GROUP BY ordering_key";
    /** A dead node's lanes, moved whole to a survivor in the claim's transaction. */
    static final String MOVE_PENDING = "UPDATE webhook_outbox SET node_id = ?"
            + " WHERE state = '" + PENDING + "' AND node_id = ?";

    private static final String DELETE_ONE = "DELETE FROM webhook_outbox WHERE seq = ?";
    static final String SELECT_BY_EVENT_ID = "SELECT ordering_key, data_json, url, method, failover_url,"
            + " primary_retries_ms FROM webhook_outbox WHERE event_id = ?";
    /** The first bound lets the partial index on finished_at (V10) narrow the scan to old finished rows. */
    static final String PURGE = "DELETE FROM webhook_outbox WHERE finished_at < ? AND"
            + " ((state = '" + DELIVERED + "' AND finished_at < ?) OR (state = '" + FAILED + "' AND finished_at < ?))";
    private static final String MARK_DELIVERED = "UPDATE webhook_outbox SET state = '" + DELIVERED + "',"
            + " attempts = ?, finished_at = ?, last_error = NULL WHERE seq = ?";

    private OutboxTable() {
    }

    /** A new row as emit() hands it over; seq is assigned by the insert. */
    record NewRow(String eventId, String orderingKey, String dataJson, String url, String method, String failoverUrl,
                  long nowMillis, PrimaryRetries primaryRetries, int nodeId) {
        OutboxEntry withSeq(long seq) {
            return new OutboxEntry(seq, eventId, orderingKey, dataJson, url, method, failoverUrl, 0, 0, false,
                    nowMillis, nowMillis, primaryRetries);
        }
    }

    /** Inserts one row and returns its sequence number. */
    static long insert(Database db, Connection c, NewRow r) throws SQLException {
        PreparedStatement ps = db.statement(c, INSERT);
        ps.setString(1, r.eventId());
        ps.setString(2, r.orderingKey());
        ps.setString(3, r.dataJson());
        ps.setString(4, r.url());
        ps.setString(5, r.method());
        if (r.failoverUrl() == null) {
            ps.setNull(6, Types.VARCHAR);
        } else {
            ps.setString(6, r.failoverUrl());
        }
        ps.setLong(7, r.nowMillis());
        ps.setLong(8, r.nowMillis());
        if (r.primaryRetries() == null) {
            ps.setNull(9, Types.VARCHAR);
        } else {
            ps.setString(9, r.primaryRetries().encode());
        }
        ps.setInt(10, r.nodeId());
        // RETURNING hands back the seq in the same statement (no second one for the generated key)
        try (ResultSet seq = ps.executeQuery()) {
            if (!seq.next()) {
                throw new SQLException("no sequence number returned for " + r.eventId());
            }
            return seq.getLong(1);
        }
    }

    /**
     * A new row that sends the event {@code eventId} again, unchanged ({@code data} keeps its id), at the end of its
     * call's lane; null when no such event is kept. Its own row id is {@code replayId}.
     */
    static NewRow replayOf(Connection c, String eventId, String replayId, long nowMillis, int nodeId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_BY_EVENT_ID)) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new NewRow(replayId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), nowMillis, PrimaryRetries.decode(rs.getString(6)), nodeId);
            }
        }
    }

    /** The pending rows of one key: how many, and the oldest and newest seq. */
    record KeyBacklog(String orderingKey, long oldestSeq, long newestSeq, int count) {
    }

    /** One summary per key with pending rows of node {@code nodeId}, oldest first; reads no event bodies. */
    static List<KeyBacklog> pendingBacklogs(Database db, int nodeId) {
        return db.withConnection(c -> pendingBacklogs(c, nodeId));
    }

    static List<KeyBacklog> pendingBacklogs(Connection c, int nodeId) throws SQLException {
        List<KeyBacklog> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_BACKLOGS)) {
            ps.setInt(1, nodeId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KeyBacklog(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4)));
                }
            }
        }
        out.sort(Comparator.comparingLong(KeyBacklog::oldestSeq));
        return out;
    }

    /**
     * Gives node {@code to} every pending row of node {@code from}; returns the moved lanes' summaries. Runs in the
     * caller's transaction, which holds the lock that makes it the only claimer of {@code from}.
     */
    static List<KeyBacklog> movePending(Connection c, int from, int to) throws SQLException {
        List<KeyBacklog> lanes = pendingBacklogs(c, from);
        try (PreparedStatement ps = c.prepareStatement(MOVE_PENDING)) {
            ps.setInt(1, to);
            ps.setInt(2, from);
            ps.executeUpdate();
        }
        return lanes;
    }

    /**
     * At most {@code limit} pending rows of {@code orderingKey} that node {@code nodeId} delivers, with a seq above
     * {@code afterSeq}, in seq order.
     */
    static List<OutboxEntry> pendingWindow(Connection c, int nodeId, String orderingKey, long afterSeq, int limit)
            throws SQLException {
        List<OutboxEntry> out = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement(SELECT_KEY_WINDOW)) {
            ps.setInt(1, nodeId);
            ps.setString(2, orderingKey);
            ps.setLong(3, afterSeq);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9),
                            rs.getInt(10) != 0, rs.getLong(11), rs.getLong(12),
                            PrimaryRetries.decode(rs.getString(13))));
                }
            }
        }
        return out;
    }

    /** Keeps the row with its final attempt count, or deletes it when delivered rows are not retained. */
    static void markDelivered(Database db, Connection c, long seq, int attempts, long nowMillis, boolean keep)
            throws SQLException {
        if (!keep) {
            PreparedStatement ps = db.statement(c, DELETE_ONE);
            ps.setLong(1, seq);
            ps.executeUpdate();
            return;
        }
        PreparedStatement ps = db.statement(c, MARK_DELIVERED);
        ps.setInt(1, attempts);
        ps.setLong(2, nowMillis);
        ps.setLong(3, seq);
        ps.executeUpdate();
    }

    static void markFailed(Connection c, long seq, int attempts, long nowMillis, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET state = '" + FAILED + "',"
                + " attempts = ?, finished_at = ?, last_error = ? WHERE seq = ?")) {
            ps.setInt(1, attempts);
            ps.setLong(2, nowMillis);
            ps.setString(3, error);
            ps.setLong(4, seq);
            ps.executeUpdate();
        }
    }

    /** Persists the retry state so that a restart resumes with the same counters and URL. */
    static void recordRetry(Connection c, OutboxEntry next, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_outbox SET attempts = ?, url_attempts = ?,"
                + " on_failover = ?, next_attempt_at = ?, last_error = ? WHERE seq = ?")) {
            ps.setInt(1, next.attempts());
            ps.setInt(2, next.urlAttempts());
            ps.setInt(3, next.onFailover() ? 1 : 0);
            ps.setLong(4, next.nextAttemptAt());
            ps.setString(5, error);
            ps.setLong(6, next.seq());
            ps.executeUpdate();
        }
    }

    /** Deletes finished rows older than their retention; returns how many went. */
    static int purge(Connection c, long deliveredBefore, long failedBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PURGE)) {
            ps.setLong(1, Math.max(deliveredBefore, failedBefore));
            ps.setLong(2, deliveredBefore);
            ps.setLong(3, failedBefore);
            return ps.executeUpdate();
        }
    }
}
