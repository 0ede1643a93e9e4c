-- PostgreSQL twin of sqlite/V7.
DROP INDEX webhook_outbox_by_state;
