package io.voicegather.server.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void createsTheFolderAndMigratesWithDurablePragmas() {
        Path dataDir = dir.resolve("nested/data");
        try (SqliteDatabase db = Database.open(dataDir)) {
            assertThat(db.file()).isEqualTo(dataDir.resolve("voicegather.db").toAbsolutePath());
            assertThat(Files.exists(db.file())).isTrue();
            assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(db, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(db, "busy_timeout")).isEqualTo("5000");
            assertThat(count(db, "SELECT COUNT(*) FROM webhook_outbox")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void committedWorkSurvivesReopenAndFailedWorkRollsBack(TestBackend backend) {
        try (Database db = backend.open(dir)) {
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
        try (Database db = backend.open(dir)) { // migrations are idempotent
            assertThat(count(db, "SELECT COUNT(*) FROM t")).isEqualTo(2);
            assertThat(count(db, "SELECT SUM(v) FROM t")).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void workAfterATransactionIsInAutoCommitAgain(TestBackend backend) {
        try (Database db = backend.open(dir); Database other = backend.open(dir)) {
            db.inTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("CREATE TABLE t (v INTEGER)");
                }
            });
            for (int i = 0; i < 3; i++) { // the pool hands the same connection back: it must not stay in a transaction
                db.withConnection(c -> {
                    try (Statement s = c.createStatement()) {
                        return s.executeUpdate("INSERT INTO t VALUES (1)");
                    }
                });
            }
            assertThat(count(other, "SELECT COUNT(*) FROM t")).as("committed, seen by another connection").isEqualTo(3);
        }
    }

    @Test
    void aSqliteKeptStatementIsPreparedOnceForAllWork() {
        try (Database db = Database.open(dir)) {
            PreparedStatement[] first = new PreparedStatement[1];
            db.withConnection(c -> first[0] = db.statement(c, "SELECT ? + 1"));
            db.inTransaction(c -> assertThat(db.statement(c, "SELECT ? + 1")).isSameAs(first[0]));
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aKeptStatementIsPreparedOnceAndOnlyForWorkTheDatabaseRuns(TestBackend backend) throws SQLException {
        try (Database db = backend.open(dir)) {
            Connection[] connection = new Connection[1];
            db.withConnection(c -> {
                connection[0] = c;
                return db.statement(c, "SELECT ? + 1");
            });
            long two = db.inTransaction(c -> {
                PreparedStatement again = db.statement(c, "SELECT ? + 1");
                assertThat(db.statement(c, "SELECT ? + 1")).isSameAs(again);
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

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void closedDatabaseRefusesWork(TestBackend backend) {
        Database db = backend.open(dir);
        db.close();
        db.close();
        assertThatThrownBy(() -> count(db, "SELECT 1")).isInstanceOf(StoreException.class);
    }

    @Test
    void aDatabaseMigratedFromTheFormerFlatFolderOpensUnchanged() throws Exception {
        // Up to V7 the SQLite migrations lived directly in db/migration: same files, same checksums, so a database
        // of that time validates against db/migration/sqlite and is migrated on from there (V10, V11).
        Path flat = dir.resolve("flat");
        Files.createDirectories(flat);
        for (Path f : migrationFiles("sqlite")) {
            if (f.getFileName().toString().matches("V[1-7]__.*")) {
                Files.copy(f, flat.resolve(f.getFileName()));
            }
        }
        Path dataDir = dir.resolve("data");
        Files.createDirectories(dataDir);
        Flyway.configure().dataSource("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME), null, null)
                .locations("filesystem:" + flat).load().migrate();
        try (Database db = Database.open(dataDir)) {
            assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isEqualTo(9);
        }
    }

    /** Every version exists for both backends with the same description, except those written for one only. */
    @Test
    void bothBackendsHaveTheSameMigrationVersions() throws Exception {
        List<String> sqlite = names(migrationFiles("sqlite"));
        List<String> postgres = names(migrationFiles("postgresql"));
        assertThat(sqlite).hasSize(9);
        assertThat(postgres).containsAll(sqlite);
        assertThat(postgres).filteredOn(n -> !sqlite.contains(n))
                .containsExactly("V8__server_secret.sql", "V9__media_content.sql");
    }

    /**
     * Flyway reads db/migration/sqlite and db/migration/postgresql only: a file left directly in db/migration would
     * be silently ignored, so there must be none (a migration goes into each backend's folder).
     */
    @Test
    void noMigrationLiesOutsideTheBackendsFolders() throws Exception {
        Path root = Path.of(DatabaseTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("postgresql", "sqlite");
        }
    }

    @Test
    void postgresIsMigratedToEveryVersionOnce() {
        Path dataDir = dir.resolve("pg");
        try (Database db = TestBackend.POSTGRESQL.open(dataDir)) {
            assertThat(db.dialect()).isEqualTo(Dialect.POSTGRESQL);
            assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history WHERE success")).isEqualTo(11);
        }
        try (Database db = TestBackend.POSTGRESQL.open(dataDir)) { // a second node, or a restart: nothing to do
            assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history WHERE success")).isEqualTo(11);
            // epoch millis do not fit a 32-bit INTEGER: the PostgreSQL schema spells them BIGINT
            assertThat(count(db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'webhook_outbox'"
                    + " AND column_name IN ('seq', 'created_at', 'next_attempt_at', 'finished_at')"
                    + " AND data_type = 'bigint'")).isEqualTo(4);
        }
    }

    @Test
    void anUnreachablePostgresFailsTheStartWithItsAddress() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        DatabaseSettings nowhere = new DatabaseSettings("jdbc:postgresql://127.0.0.1:" + port + "/voicegather?connectTimeout=2",
                "u", "secret-password");
        assertThatThrownBy(() -> Database.open(nowhere, dir))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:" + port + "/voicegather")
                .hasMessageNotContaining("secret-password");
    }

    private static List<Path> migrationFiles(String folder) throws Exception {
        Path path = Path.of(DatabaseTest.class.getResource("/db/migration/" + folder).toURI());
        try (Stream<Path> files = Files.list(path)) {
            return files.sorted().toList();
        }
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).toList();
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
