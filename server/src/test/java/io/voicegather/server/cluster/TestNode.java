package io.voicegather.server.cluster;

import io.voicegather.server.config.NodeLeaseSettings;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresDatabase;
import io.voicegather.server.webhook.Outbox;
import io.voicegather.server.webhook.SigningKeys;
import io.voicegather.server.webhook.WebhookConfig;
import io.voicegather.server.webhook.WebhookDispatcher;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One node of a cluster in the test's JVM, wired as the server wires it on PostgreSQL: its own connection pool to
 * the shared database, its lease, an outbox fenced by it, a dispatcher that delivers while it holds, and its claims
 * of dead nodes. Driven by the test's clock: nothing renews or claims unless the test says so.
 */
final class TestNode implements AutoCloseable {
    static final NodeLeaseSettings LEASE = NodeLeaseSettings.DEFAULT;

    final int id;
    final Database db;
    final NodeLease lease;
    final Outbox outbox;
    final WebhookDispatcher dispatcher;
    final DeadNodeClaims claims;

    private TestNode(int id, Database db, NodeLease lease, Outbox outbox, WebhookDispatcher dispatcher,
                     DeadNodeClaims claims) {
        this.id = id;
        this.db = db;
        this.lease = lease;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.claims = claims;
    }

    /** Node {@code id} on {@code settings}' database; its dispatcher started only when {@code delivering}. */
    static TestNode start(int id, DatabaseSettings settings, Path dataDir, Clock clock, boolean delivering) {
        Database db = PostgresDatabase.open(settings);
        NodeLease lease = NodeLease.acquire(db, id, LEASE, clock);
        Outbox outbox = new Outbox(db, clock, Outbox.DEFAULT_MAX_UNCOMMITTED, id, lease);
        WebhookDispatcher dispatcher = new WebhookDispatcher(outbox, SigningKeys.loadOrCreate(dataDir).privateKey(),
                WebhookConfig.defaults().withRequestTimeout(Duration.ofSeconds(5))
                        .withRetries(100, List.of(Duration.ZERO, Duration.ofMillis(50))));
        dispatcher.deliverWhile(lease::holds);
        if (delivering) {
            dispatcher.start();
        }
        return new TestNode(id, db, lease, outbox, dispatcher, new DeadNodeClaims(db, lease, dispatcher, outbox,
                "conn-test", clock));
    }

    /** Renews, then claims what is dead, as one round of the lease thread does. */
    List<DeadNodeClaims.Claimed> renewAndClaim() {
        NodeLease.Renewal renewal = lease.renew();
        if (renewal != NodeLease.Renewal.RENEWED) {
            throw new IllegalStateException("node " + id + " could not renew: " + renewal);
        }
        return claims.claimDeadNodes();
    }

    @Override
    public void close() {
        dispatcher.close();
        outbox.close();
        db.close();
    }
}
