package io.voicegather.server.cluster;

import io.voicegather.server.call.CallHandover;
import io.voicegather.server.store.Database;
import io.voicegather.server.webhook.LaneHandover;
import io.voicegather.server.webhook.Outbox;
import io.voicegather.server.webhook.WebhookDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A survivor's side of a node's death (docs/cluster.md): finds nodes whose lease ran out more than the grace ago,
 * and claims each in one transaction that moves the dead node's pending webhook lanes and open call records to this
 * node. Only after the commit does this node deliver the lanes and end the calls (call.hangup, cause
 * "unspecified"), so no row lock is held across an HTTP request.
 * <p>
 * Threading: run on the lease thread only.
 */
public final class DeadNodeClaims {
    private static final Logger log = LoggerFactory.getLogger(DeadNodeClaims.class);

    private final Database db;
    private final NodeLease self;
    private final WebhookDispatcher dispatcher;
    private final Outbox outbox;
    private final String connectionId;
    private final Clock clock;

    public DeadNodeClaims(Database db, NodeLease self, WebhookDispatcher dispatcher, Outbox outbox,
                          String connectionId, Clock clock) {
        this.db = db;
        this.self = self;
        this.dispatcher = dispatcher;
        this.outbox = outbox;
        this.connectionId = connectionId;
        this.clock = clock;
    }

    /** What one claim took. */
    public record Claimed(int node, int lanes, long events, int calls) {
    }

    /** Claims every dead node no other survivor claimed first; returns what was taken. */
    public List<Claimed> claimDeadNodes() {
        long before = clock.millis() - self.settings().claimGrace().toMillis();
        List<Integer> dead = db.withConnection(c -> NodeTable.deadBefore(c, self.nodeId(), before));
        List<Claimed> out = new ArrayList<>();
        for (int node : dead) {
            if (!self.holds()) {
                break; // a node that may itself be dead claims nothing
            }
            Claimed claimed = claim(node, before);
            if (claimed != null) {
                out.add(claimed);
            }
        }
        return out;
    }

    private Claimed claim(int dead, long before) {
        Handover taken = db.inTransaction(c -> {
            self.check(c); // this node's own lease first: a fenced node takes nothing
            if (!NodeTable.claim(c, dead, self.nodeId(), before)) {
                return null;
            }
            return new Handover(LaneHandover.take(c, dead, self.nodeId()), CallHandover.take(c, dead, self.nodeId()));
        });
        if (taken == null) {
            return null; // another survivor won, or the node renewed in time
        }
        dispatcher.adopt(taken.lanes()); // before the hangups are emitted: they queue behind the moved rows
        int calls = taken.calls().hangUp(outbox, connectionId, clock);
        log.warn("node {} is dead (lease ran out): this node took {} undelivered webhook events of {} calls and"
                + " hung up its {} open calls", dead, taken.lanes().events(), taken.lanes().lanes(), calls);
        return new Claimed(dead, taken.lanes().lanes(), taken.lanes().events(), calls);
    }

    private record Handover(LaneHandover lanes, CallHandover calls) {
    }
}
