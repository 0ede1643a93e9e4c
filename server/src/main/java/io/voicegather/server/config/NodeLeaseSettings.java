package io.voicegather.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a node of a cluster on PostgreSQL keeps its lease (docs/cluster.md, "Webhooks that survive a node").
 * Derived times, from these two:
 * <ul>
 *   <li>a node stops delivering once its last renewal is {@link #deliverFor()} old (lease − renew interval): a
 *       survivor may soon take its lanes;</li>
 *   <li>a survivor claims a node whose lease ran out {@link #claimGrace()} ago (one renew interval): room for skew
 *       between the nodes' clocks and for the dead node's last delivery in flight.</li>
 * </ul>
 *
 * @param renewEvery how often a node renews its lease, and looks for dead nodes
 * @param lease      how long a renewal holds
 */
public record NodeLeaseSettings(Duration renewEvery, Duration lease) {
    public static final NodeLeaseSettings DEFAULT = new NodeLeaseSettings(Duration.ofSeconds(2), Duration.ofSeconds(10));

    public NodeLeaseSettings {
        Objects.requireNonNull(renewEvery, "renewEvery");
        Objects.requireNonNull(lease, "lease");
        if (renewEvery.isNegative() || renewEvery.isZero()) {
            throw new IllegalArgumentException("--node-lease-renew-seconds must be positive");
        }
        // at least two renewals may fail in a row before the node stops delivering
        if (lease.compareTo(renewEvery.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("--node-lease-seconds (" + lease.toSeconds()
                    + ") must be at least 3 times --node-lease-renew-seconds (" + renewEvery.toSeconds() + ")");
        }
    }

    /** How long after its last renewal a node still delivers. */
    public Duration deliverFor() {
        return lease.minus(renewEvery);
    }

    /** How long after a lease ran out a survivor claims the node. */
    public Duration claimGrace() {
        return renewEvery;
    }
}
