-- PostgreSQL twin of sqlite/V1 (same version, same columns): epoch millis are BIGINT, seq an identity column.
CREATE TABLE webhook_outbox (
    seq             BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- monotonically increasing: per-key order
    event_id        TEXT    NOT NULL UNIQUE,
    ordering_key    TEXT    NOT NULL,
    data_json       TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    method          TEXT    NOT NULL,
    failover_url    TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    url_attempts    INTEGER NOT NULL DEFAULT 0,
    on_failover     INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    state           TEXT    NOT NULL,
    last_error      TEXT,
    created_at      BIGINT  NOT NULL,
    finished_at     BIGINT
);

CREATE INDEX webhook_outbox_by_state ON webhook_outbox (state, seq);
CREATE INDEX webhook_outbox_finished ON webhook_outbox (state, finished_at);
