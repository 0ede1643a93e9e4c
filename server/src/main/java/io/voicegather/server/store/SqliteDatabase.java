package io.voicegather.server.store;

import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded SQLite database, the default backend, at {@code <dataDir>/voicegather.db}: WAL journal,
 * {@code synchronous=FULL} (a committed transaction survives power loss), migrated by Flyway from
 * {@code classpath:db/migration/sqlite}.
 * <p>
 * SQLite has a single writer, so all work goes through one shared connection guarded by a fair lock; readers and
 * writers of this process therefore never see {@code SQLITE_BUSY}. Statements run often (the transaction's
 * own, the outbox's) are prepared once and kept, since preparing one costs as much as running it. Thread-safe.
 */
public final class SqliteDatabase implements Database {
    public static final String FILE_NAME = "voicegather.db";
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Map<String, PreparedStatement> statements = new HashMap<>(); // guarded by lock
    private boolean closed;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /** Opens (creating the folder and the file when missing) and migrates the database in {@code dataDir}. */
    public static SqliteDatabase open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + dataDir, e);
        }
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        Connection connection;
        try {
            // WAL is a property of the file: set it before Flyway opens its own connection.
            connection = config.createConnection(url);
        } catch (SQLException e) {
            throw StoreException.explained("cannot open " + file, e);
        }
        try {
            Flyway.configure()
                    .dataSource(url, null, null)
                    .locations(Dialect.SQLITE.migrations())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw StoreException.explained("cannot migrate " + file, e);
        }
        return new SqliteDatabase(file, connection);
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public Dialect dialect() {
        return Dialect.SQLITE;
    }

    @Override
    public String describe() {
        return "SQLite " + file;
    }

    /** Runs {@code work} inside one committed transaction ({@code BEGIN IMMEDIATE ... COMMIT}); rolls back on failure. */
    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            kept("BEGIN IMMEDIATE").execute();
            boolean committed = false;
            try {
                T result = work.run(connection);
                kept("COMMIT").execute();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly();
                    forgetStatements();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("transaction failed on " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} on the shared connection in auto-commit mode (each statement its own transaction). */
    @Override
    public <T> T withConnection(SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            forgetStatements();
            throw new StoreException("statement failed on " + file, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The prepared statement for {@code sql}, prepared on first use and kept: for work this database is running
     * on {@code c} (inside {@link #inTransaction} or {@link #withConnection}). Do not close it.
     */
    @Override
    public PreparedStatement statement(Connection c, String sql) throws SQLException {
        if (c != connection || !lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a kept statement is only for work this database runs");
        }
        return kept(sql);
    }

    private PreparedStatement kept(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                closeQuietly(connection);
            }
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("database is closed");
        }
    }

    /**
     * Ends a failed transaction. Not a kept statement: after SQLITE_FULL on COMMIT, SQLite may have rolled back
     * already, and a ROLLBACK that fails leaves the driver's statement unusable.
     */
    private void rollbackQuietly() {
        try (Statement s = connection.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back
        }
    }

    /**
     * Closes and forgets the kept statements after a failed transaction: the driver leaves a statement whose step
     * failed unusable ("statement is not executing"), which would fail every later transaction. They are prepared
     * again on their next use; failures are rare, so this costs nothing in the usual case.
     */
    private void forgetStatements() {
        for (PreparedStatement ps : statements.values()) {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // it is dropped either way
            }
        }
        statements.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing is best effort
        }
    }
}
