-- AI assistants created through /v2/ai/assistants (docs/ai-assistants.md). The definition is kept as the JSON the
-- application sent, checked; assistants of the assistants file are never written here.
CREATE TABLE ai_assistant (
    assistant_id TEXT    PRIMARY KEY,               -- 'assistant-' followed by a random UUID
    definition   TEXT    NOT NULL,                  -- JSON object, without id and created_at
    idempotency_key TEXT UNIQUE,                    -- the create request's Idempotency-Key header, if it had one
    created_at   INTEGER NOT NULL,                  -- epoch millis
    updated_at   INTEGER NOT NULL                   -- epoch millis
);

CREATE INDEX ai_assistant_by_creation ON ai_assistant (created_at, assistant_id);
