-- PostgreSQL only (docs/storage.md, "Keys in a cluster"): the secrets every node of a cluster must share, seeded
-- by the first node from its own data folder or flags. A single SQLite node keeps them in its data folder instead,
-- so SQLite has no V8.
CREATE TABLE server_secret (
    name       TEXT   PRIMARY KEY,   -- webhook_signing_key (Base64 Ed25519 seed), api_keys (comma-separated)
    value      TEXT   NOT NULL,
    created_at BIGINT NOT NULL       -- epoch millis
);
