-- Each index now holds only the rows its queries ask for, so an event costs fewer b-tree writes over its life
-- (docs/BENCHMARKS.md, "Per-unit costs"): pending rows by key (the dispatcher's windows and the start-up
-- summary; a delivered mark removes the entry and adds none), and finished rows by time (the purge; an insert adds
-- no entry).
DROP INDEX webhook_outbox_pending_by_key;
CREATE INDEX webhook_outbox_pending_by_key ON webhook_outbox (ordering_key, seq) WHERE state = 'pending';
DROP INDEX webhook_outbox_finished;
CREATE INDEX webhook_outbox_finished ON webhook_outbox (finished_at) WHERE finished_at IS NOT NULL;
