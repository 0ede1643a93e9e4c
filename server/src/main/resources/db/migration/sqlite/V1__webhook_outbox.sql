-- Durable webhook outbox: one row per event, written before emit returns, delivered at least once.
CREATE TABLE webhook_outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT, -- monotonically increasing: per-key delivery order
    event_id        TEXT    NOT NULL UNIQUE,           -- data.id, the receiver's dedupe key
    ordering_key    TEXT    NOT NULL,                  -- events of one key are delivered one at a time, in seq order
    data_json       TEXT    NOT NULL,                  -- the envelope's data object, sent byte-identical on every attempt
    url             TEXT    NOT NULL,
    method          TEXT    NOT NULL,                  -- POST or GET
    failover_url    TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,        -- attempts made so far over all URLs (meta.attempt of the last)
    url_attempts    INTEGER NOT NULL DEFAULT 0,        -- attempts made so far to the current URL
    on_failover     INTEGER NOT NULL DEFAULT 0,        -- 1 once the primary URL is exhausted
    next_attempt_at INTEGER NOT NULL,                  -- epoch millis
    state           TEXT    NOT NULL,                  -- pending, delivered, failed
    last_error      TEXT,
    created_at      INTEGER NOT NULL,                  -- epoch millis
    finished_at     INTEGER                            -- epoch millis, when delivered or given up
);

CREATE INDEX webhook_outbox_by_state ON webhook_outbox (state, seq);
CREATE INDEX webhook_outbox_finished ON webhook_outbox (state, finished_at);
