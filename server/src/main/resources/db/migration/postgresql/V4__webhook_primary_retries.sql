-- PostgreSQL twin of sqlite/V4.
ALTER TABLE webhook_outbox ADD COLUMN primary_retries_ms TEXT;
