-- PostgreSQL twin of sqlite/V2.
CREATE TABLE media (
    media_name   TEXT    PRIMARY KEY,
    file_id      TEXT    NOT NULL UNIQUE,
    content_type TEXT    NOT NULL,
    size_bytes   BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL
);

CREATE INDEX media_by_expiry ON media (expires_at);
CREATE INDEX media_by_creation ON media (created_at, media_name);
