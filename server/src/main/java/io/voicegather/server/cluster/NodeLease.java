package io.voicegather.server.cluster;

import io.voicegather.server.config.NodeLeaseSettings;
import io.voicegather.server.store.Database;
import io.voicegather.server.webhook.WriteFence;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

/**
 * This node's lease in the shared {@code node} table: taken at start (a new epoch), renewed by {@link LeaseKeeper}.
 * It answers two questions: may this node still deliver ({@link #holds()}, from the time of its last renewal), and
 * may this node still write its outbox ({@link #check}, asked of the database in each outbox transaction).
 * <p>
 * Threading: renewed on the lease thread; {@link #holds()} is read by the webhook workers; {@link #check} runs on
 * the outbox writer.
 */
public final class NodeLease implements WriteFence {
    /** The outcome of one renewal. */
    public enum Renewal {
        RENEWED,
        /** Another node claimed this one, or a newer process of the same number started: it will not come back. */
        LOST,
        /** The database did not answer: the lease may still be renewed in time. */
        FAILED
    }

    private final Database db;
    private final int nodeId;
    private final NodeLeaseSettings settings;
    private final Clock clock;
    private final long epoch;
    private volatile long renewedAt;
    private volatile boolean lost;

    private NodeLease(Database db, int nodeId, NodeLeaseSettings settings, Clock clock, long epoch, long renewedAt) {
        this.db = db;
        this.nodeId = nodeId;
        this.settings = settings;
        this.clock = clock;
        this.epoch = epoch;
        this.renewedAt = renewedAt;
    }

    /**
     * Takes node {@code nodeId}'s lease at start, whatever the row says: a process of the same number still
     * running is fenced by the new epoch. Call before the outbox reads its pending rows.
     */
    public static NodeLease acquire(Database db, int nodeId, NodeLeaseSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        long now = clock.millis();
        long epoch = db.inTransaction(c -> NodeTable.acquire(c, nodeId, now + settings.lease().toMillis(), now));
        return new NodeLease(db, nodeId, settings, clock, epoch, now);
    }

    public int nodeId() {
        return nodeId;
    }

    public long epoch() {
        return epoch;
    }

    public NodeLeaseSettings settings() {
        return settings;
    }

    /** Extends the lease by its length from now. */
    public Renewal renew() {
        if (lost) {
            return Renewal.LOST;
        }
        long now = clock.millis(); // taken before the write: the lease is counted from no later than it holds
        boolean renewed;
        try {
            renewed = db.withConnection(c -> NodeTable.renew(c, nodeId, epoch, now + settings.lease().toMillis(),
                    now));
        } catch (RuntimeException e) {
            return Renewal.FAILED;
        }
        if (!renewed) {
            lost = true;
            return Renewal.LOST;
        }
        renewedAt = now;
        return Renewal.RENEWED;
    }

    /**
     * Whether this node may deliver: its lease is its own and was renewed less than
     * {@link NodeLeaseSettings#deliverFor()} ago, so no survivor can have claimed it yet.
     */
    public boolean holds() {
        return !lost && clock.millis() - renewedAt < settings.deliverFor().toMillis();
    }

    /** Whether another node claimed this one (or a newer process took its number). */
    public boolean lost() {
        return lost;
    }

    /** The fence of every outbox transaction: refused once the node's row is no longer this epoch's. */
    @Override
    public void check(Connection c) throws SQLException {
        if (!NodeTable.stillOwned(c, nodeId, epoch)) {
            lost = true;
            throw new SQLException("node " + nodeId + " (epoch " + epoch + ") lost its lease: another node took"
                    + " its webhooks and calls; this process writes nothing more");
        }
    }

    /** Ends the lease at an orderly stop, so that survivors take what is left without waiting for it to run out. */
    public void release() {
        if (lost) {
            return;
        }
        db.withConnection(c -> {
            NodeTable.release(c, nodeId, epoch);
            return null;
        });
    }
}
