package io.voicegather.server.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the {@code node} table (migration V11, PostgreSQL only). Each method runs in the caller's work. */
final class NodeTable {
    /** A start takes the node's row whatever its state: a new epoch fences any older process of the same number. */
    private static final String ACQUIRE = "INSERT INTO node (node_id, epoch, lease_until, renewed_at, claimed_by)"
            + " VALUES (?, 1, ?, ?, NULL) ON CONFLICT (node_id) DO UPDATE SET epoch = node.epoch + 1,"
            + " lease_until = EXCLUDED.lease_until, renewed_at = EXCLUDED.renewed_at, claimed_by = NULL"
            + " RETURNING epoch";
    private static final String RENEW = "UPDATE node SET lease_until = ?, renewed_at = ?"
            + " WHERE node_id = ? AND epoch = ? AND claimed_by IS NULL";
    /**
     * FOR KEY SHARE: held to the end of the outbox transaction, it makes a claim's FOR UPDATE of this row wait for
     * the transaction, and the transaction see a claim committed before it; a renewal (no key change) does not wait.
     */
    private static final String FENCE = "SELECT 1 FROM node WHERE node_id = ? AND epoch = ? AND claimed_by IS NULL"
            + " FOR KEY SHARE";
    private static final String DEAD = "SELECT node_id FROM node WHERE node_id <> ? AND claimed_by IS NULL"
            + " AND lease_until < ? ORDER BY node_id";
    private static final String LOCK_FOR_CLAIM = "SELECT 1 FROM node WHERE node_id = ? AND claimed_by IS NULL"
            + " AND lease_until < ? FOR UPDATE";
    private static final String CLAIM = "UPDATE node SET claimed_by = ? WHERE node_id = ?";
    private static final String RELEASE = "UPDATE node SET lease_until = 0 WHERE node_id = ? AND epoch = ?";

    private NodeTable() {
    }

    /** Takes node {@code nodeId}'s row with a lease until {@code leaseUntil}; returns the new epoch. */
    static long acquire(Connection c, int nodeId, long leaseUntil, long now) throws SQLException {
        try (PreparedStatement ps = prepare(c, ACQUIRE, nodeId, leaseUntil, now); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Extends the lease of epoch {@code epoch}; false when the row is no longer ours (claimed, or a newer start). */
    static boolean renew(Connection c, int nodeId, long epoch, long leaseUntil, long now) throws SQLException {
        return update(c, RENEW, leaseUntil, now, nodeId, epoch) == 1;
    }

    /** Whether epoch {@code epoch} still owns the node, holding the row until the transaction ends. */
    static boolean stillOwned(Connection c, int nodeId, long epoch) throws SQLException {
        return exists(c, FENCE, nodeId, epoch);
    }

    /** Other nodes not claimed whose lease ran out before {@code before}. */
    static List<Integer> deadBefore(Connection c, int self, long before) throws SQLException {
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, DEAD, self, before); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getInt(1));
            }
        }
        return out;
    }

    /**
     * Marks {@code dead} claimed by {@code claimer} when it is still unclaimed and its lease ran out before
     * {@code before}; the row lock (FOR UPDATE) makes one claimer win and waits for the dead node's last outbox
     * transaction. False when another node won, or the node came back.
     */
    static boolean claim(Connection c, int dead, int claimer, long before) throws SQLException {
        return exists(c, LOCK_FOR_CLAIM, dead, before) && update(c, CLAIM, claimer, dead) == 1;
    }

    /** Ends the lease of epoch {@code epoch} now, so that survivors take what is left at once. */
    static void release(Connection c, int nodeId, long epoch) throws SQLException {
        update(c, RELEASE, nodeId, epoch);
    }

    private static boolean exists(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, parameters); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, parameters)) {
            return ps.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps;
    }
}
