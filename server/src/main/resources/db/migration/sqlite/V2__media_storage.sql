-- Media Storage (/v2/media): one row per stored file. The bytes live in <dataDir>/media/<file_id>; the user's
-- media_name never reaches the file system.
CREATE TABLE media (
    media_name   TEXT    PRIMARY KEY,               -- the user's name, validated (see docs/media-storage.md)
    file_id      TEXT    NOT NULL UNIQUE,           -- random id naming the file; a new one on every content change
    content_type TEXT    NOT NULL,                  -- sniffed from the bytes: audio/wav or audio/mpeg
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,                  -- hex digest of the bytes, for integrity checks
    created_at   INTEGER NOT NULL,                  -- epoch millis
    updated_at   INTEGER NOT NULL,                  -- epoch millis
    expires_at   INTEGER NOT NULL                   -- epoch millis; at or after it the media is gone
);

CREATE INDEX media_by_expiry ON media (expires_at);
CREATE INDEX media_by_creation ON media (created_at, media_name);
