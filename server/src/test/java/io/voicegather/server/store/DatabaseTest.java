package io.voicegather.server.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFolderAndMigratesWithDurablePragmas() {
        Path dataDir = dir.resolve("nested/data");
        try (Database db = Database.open(dataDir)) {
            assertThat(db.file()).isEqualTo(dataDir.resolve("voicegather.db").toAbsolutePath());
            assertThat(Files.exists(db.file())).isTrue();
            assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(db, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(db, "busy_timeout")).isEqualTo("5000");
            assertThat(count(db, "SELECT COUNT(*) FROM webhook_outbox")).isZero();
        }
    }

    @Test
    void committedWorkSurvivesReopenAndFailedWorkRollsBack() {
        try (Database db = Database.open(dir)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (v INTEGER)");
                    return s.executeUpdate("INSERT INTO t VALUES (1)");
                }
            });
            assertThatThrownBy(() -> db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO t VALUES (2)");
                    throw new SQLException("boom");
                }
            })).isInstanceOf(StoreException.class);
            // the connection is usable after a rollback
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("INSERT INTO t VALUES (3)");
                }
            });
        }
        try (Database db = Database.open(dir)) { // migrations are idempotent
            assertThat(count(db, "SELECT COUNT(*) FROM t")).isEqualTo(2);
            assertThat(count(db, "SELECT SUM(v) FROM t")).isEqualTo(4);
        }
    }

    @Test
    void aKeptStatementIsPreparedOnceAndOnlyForWorkTheDatabaseRuns() throws SQLException {
        try (Database db = Database.open(dir)) {
            PreparedStatement[] first = new PreparedStatement[1];
            Connection[] connection = new Connection[1];
            db.withConnection(c -> {
                connection[0] = c;
                first[0] = db.statement(c, "SELECT ? + 1");
                return null;
            });
            long two = db.inTransaction(c -> {
                PreparedStatement again = db.statement(c, "SELECT ? + 1");
                assertThat(again).isSameAs(first[0]);
                again.setLong(1, 1);
                try (ResultSet rs = again.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(two).isEqualTo(2);
            // outside the database's work (no lock held) it would race the writer: refused
            assertThatThrownBy(() -> db.statement(connection[0], "SELECT 1"))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void closedDatabaseRefusesWork() {
        Database db = Database.open(dir);
        db.close();
        db.close();
        assertThatThrownBy(() -> count(db, "SELECT 1")).isInstanceOf(StoreException.class);
    }

    private static String pragma(Database db, String name) {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static long count(Database db, String sql) {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
