package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;

import java.sql.Statement;

/** Makes SQLite refuse every insert into the outbox while it is on, as a failing disk would; off at first. */
final class FaultSwitch {
    private final Database db;

    private FaultSwitch(Database db) {
        this.db = db;
    }

    /** Installs the switch (a table and a trigger) in the database. */
    static FaultSwitch install(Database db) {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE fault (failing INTEGER NOT NULL)");
                s.execute("INSERT INTO fault VALUES (0)");
                s.execute("CREATE TRIGGER outbox_fault BEFORE INSERT ON webhook_outbox"
                        + " WHEN (SELECT failing FROM fault) = 1 BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
            }
            return null;
        });
        return new FaultSwitch(db);
    }

    void set(boolean on) {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE fault SET failing = " + (on ? 1 : 0));
            }
            return null;
        });
    }
}
