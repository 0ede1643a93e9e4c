-- PostgreSQL twin of sqlite/V11 (docs/cluster.md, "Webhooks that survive a node"). Each outbox row and call record
-- names the node that delivers it; a node renews its lease in node; a survivor moves a dead node's pending rows and
-- open calls to itself. The pending index leads with the node, for each node reads only its own lanes.
ALTER TABLE webhook_outbox ADD COLUMN node_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE call_record ADD COLUMN node_id INTEGER NOT NULL DEFAULT 0;

DROP INDEX webhook_outbox_pending_by_key;
CREATE INDEX webhook_outbox_pending_by_key ON webhook_outbox (node_id, ordering_key, seq) WHERE state = 'pending';
CREATE INDEX call_record_open_by_node ON call_record (node_id) WHERE ended_at IS NULL;

CREATE TABLE node (
    node_id     INTEGER PRIMARY KEY,
    epoch       BIGINT  NOT NULL,   -- bumped by each start and each claim: a writer of an older epoch is fenced
    lease_until BIGINT  NOT NULL,   -- epoch millis; renewed every --node-lease-renew-seconds
    renewed_at  BIGINT  NOT NULL,   -- epoch millis of the last renewal, for operators
    claimed_by  INTEGER             -- the survivor that took this node's pending events and open calls; NULL while alive
);

-- Rows written before this version are node 0's. A cluster without a node 0 would never deliver them, so when there
-- are any, node 0 gets a lease that has already run out: the first survivor to look claims them. A real node 0 that
-- starts first takes its row back, as any start does.
INSERT INTO node (node_id, epoch, lease_until, renewed_at, claimed_by)
SELECT 0, 0, 0, 0, NULL
WHERE EXISTS (SELECT 1 FROM webhook_outbox WHERE state = 'pending')
   OR EXISTS (SELECT 1 FROM call_record WHERE ended_at IS NULL);
