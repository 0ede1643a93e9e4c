-- One row per call, so that no call ends silently: a call still open here when the server starts was cut off by a
-- crash, and gets its call.hangup then (docs/webhooks.md, "Calls cut off by a crash"). Written through the outbox's
-- writer, in order with the call's events; ended rows are deleted after a retention.
CREATE TABLE call_record (
    call_control_id  TEXT    PRIMARY KEY,
    call_leg_id      TEXT    NOT NULL,
    call_session_id  TEXT    NOT NULL,
    from_user        TEXT,
    to_user          TEXT,
    caller_id_name   TEXT,
    state            TEXT    NOT NULL,                 -- parked, answered, ended
    start_time       TEXT    NOT NULL,                 -- ISO-8601, as the call's webhooks carry it
    client_state     TEXT,                             -- as last set by a command
    webhook_url      TEXT,                             -- the call's target: the default, or answer's webhook_url
    webhook_method   TEXT,
    failover_url     TEXT,
    event_routes     TEXT,                             -- answer's webhook_urls and retries policies, JSON; NULL = none
    ended_at         INTEGER                           -- epoch millis; NULL while the call is open
);

-- Both questions asked of the table: which calls are open (ended_at IS NULL), which ended long ago.
CREATE INDEX call_record_by_end ON call_record (ended_at);
