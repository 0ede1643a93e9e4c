-- PostgreSQL twin of sqlite/V3.
CREATE TABLE ai_assistant (
    assistant_id    TEXT    PRIMARY KEY,
    definition      TEXT    NOT NULL,
    idempotency_key TEXT    UNIQUE,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

CREATE INDEX ai_assistant_by_creation ON ai_assistant (created_at, assistant_id);
