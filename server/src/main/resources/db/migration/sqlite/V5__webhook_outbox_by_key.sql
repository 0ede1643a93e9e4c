-- The dispatcher keeps only a window of each call's pending events in memory and reads the next window from here:
-- "pending rows of one ordering key after seq N, in seq order", and at start one summary row per key with pending
-- rows. Both are ranges of this index (the second reads the index alone, never data_json).
CREATE INDEX webhook_outbox_pending_by_key ON webhook_outbox (state, ordering_key, seq);
