-- Each outbox row and call record names the node that delivers it (docs/cluster.md). A single SQLite server is
-- node 0 and never changes it; the column is here so that both backends run the same statements. Leases (the
-- node table) exist only on PostgreSQL, which the nodes of a cluster share.
ALTER TABLE webhook_outbox ADD COLUMN node_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE call_record ADD COLUMN node_id INTEGER NOT NULL DEFAULT 0;

DROP INDEX webhook_outbox_pending_by_key;
CREATE INDEX webhook_outbox_pending_by_key ON webhook_outbox (node_id, ordering_key, seq) WHERE state = 'pending';
CREATE INDEX call_record_open_by_node ON call_record (node_id) WHERE ended_at IS NULL;
