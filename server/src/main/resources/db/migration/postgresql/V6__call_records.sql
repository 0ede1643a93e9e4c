-- PostgreSQL twin of sqlite/V6.
CREATE TABLE call_record (
    call_control_id  TEXT    PRIMARY KEY,
    call_leg_id      TEXT    NOT NULL,
    call_session_id  TEXT    NOT NULL,
    from_user        TEXT,
    to_user          TEXT,
    caller_id_name   TEXT,
    state            TEXT    NOT NULL,
    start_time       TEXT    NOT NULL,
    client_state     TEXT,
    webhook_url      TEXT,
    webhook_method   TEXT,
    failover_url     TEXT,
    event_routes     TEXT,
    ended_at         BIGINT
);

CREATE INDEX call_record_by_end ON call_record (ended_at);
