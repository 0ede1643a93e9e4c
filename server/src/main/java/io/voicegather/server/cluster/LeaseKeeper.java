package io.voicegather.server.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The lease thread: every renew interval it renews this node's lease and, when that worked, claims dead nodes.
 * Its own thread, since both wait on the database; nothing on a call's or media's path waits for it.
 * <p>
 * Lifecycle: {@link #start()} once the dispatcher is started; {@link #close()} before the outbox closes.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final NodeLease lease;
    private final DeadNodeClaims claims;
    private final Runnable onLost;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "node-lease");
        t.setDaemon(true);
        return t;
    });
    private boolean toldLost; // lease thread only
    private int failures; // lease thread only

    /** {@code onLost} runs once, on the lease thread, when another node claimed this one. */
    public LeaseKeeper(NodeLease lease, DeadNodeClaims claims, Runnable onLost) {
        this.lease = lease;
        this.claims = claims;
        this.onLost = onLost;
    }

    public void start() {
        long every = lease.settings().renewEvery().toMillis();
        thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** One round: renew, then claim dead nodes. Public for tests, which drive it with their own clock. */
    public void tick() {
        try {
            switch (lease.renew()) {
                case RENEWED -> {
                    if (failures > 0) {
                        log.info("node {}: lease renewed again after {} failed attempts", lease.nodeId(), failures);
                        failures = 0;
                    }
                    claims.claimDeadNodes();
                }
                case FAILED -> {
                    if (failures++ == 0) {
                        log.warn("node {}: cannot renew its lease (database unreachable); it stops delivering"
                                + " webhooks {} s after its last renewal", lease.nodeId(),
                                lease.settings().deliverFor().toSeconds());
                    }
                }
                case LOST -> {
                    if (!toldLost) {
                        toldLost = true;
                        log.error("node {} lost its lease: another node took its webhooks and calls. It takes no"
                                + " new calls and delivers nothing more; restart it", lease.nodeId());
                        onLost.run();
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("node {}: lease round failed", lease.nodeId(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
