-- Per-event retry schedule at the primary URL (answer's webhook_retries_policies): a JSON array of delays in
-- milliseconds, e.g. [1000,2000,5000]; NULL means the server's default quick attempts.
ALTER TABLE webhook_outbox ADD COLUMN primary_retries_ms TEXT;
