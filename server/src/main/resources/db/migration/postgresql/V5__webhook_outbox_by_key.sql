-- PostgreSQL twin of sqlite/V5.
CREATE INDEX webhook_outbox_pending_by_key ON webhook_outbox (state, ordering_key, seq);
