/**
 * A node's lease in a cluster on PostgreSQL, and the claim of a dead node's webhooks and calls (docs/cluster.md,
 * "Webhooks that survive a node").
 *
 * <h2>Threads</h2>
 * One thread, <b>node-lease</b> ({@link io.voicegather.server.cluster.LeaseKeeper}): every renew interval it renews
 * the lease, then claims dead nodes ({@link io.voicegather.server.cluster.DeadNodeClaims}); both wait on the
 * database, which is why they have a thread of their own. The webhook workers read
 * {@link io.voicegather.server.cluster.NodeLease#holds()} (a volatile time, no I/O); the outbox writer runs
 * {@link io.voicegather.server.cluster.NodeLease#check} inside its own transactions. Nothing on a call's or media's
 * path waits for any of it.
 */
package io.voicegather.server.cluster;
