-- PostgreSQL only (docs/storage.md): the bytes of stored media, so that every node of a cluster plays what any node
-- stored. A single SQLite node keeps them as files in <data-dir>/media instead, so SQLite has no V9.
CREATE TABLE media_content (
    file_id    TEXT   PRIMARY KEY,   -- media.file_id; written before the media row, deleted after it
    bytes      BYTEA  NOT NULL,
    created_at BIGINT NOT NULL       -- epoch millis; unrecorded content is swept only once it is an hour old
);
