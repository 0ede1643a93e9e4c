-- Every read of pending rows goes by key (webhook_outbox_pending_by_key, V5) and the purge by finished_at
-- (webhook_outbox_finished): this index only cost each insert and each delivered mark one more b-tree write.
DROP INDEX webhook_outbox_by_state;
