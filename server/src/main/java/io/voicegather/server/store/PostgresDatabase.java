package io.voicegather.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A PostgreSQL server shared by the nodes of a cluster, reached through a HikariCP pool. Unlike SQLite, work runs
 * in parallel: each call borrows its own connection for its duration (the outbox writer, the single writer of this
 * node's events, so holds one per batch), and transactions are PostgreSQL's own (read committed).
 * <p>
 * Kept statements live as long as the borrowed connection's work: the pool closes a borrower's statements when
 * it gives the connection back, and the driver keeps each connection's server-side prepared statements by text,
 * so preparing the same SQL again on the next borrow parses nothing on the server. Thread-safe.
 */
public final class PostgresDatabase implements Database {
    /** Connections per node: one for the outbox writer, the rest for media, assistants and start-up reads. */
    static final int POOL_SIZE = 8;
    private static final long CONNECT_TIMEOUT_MILLIS = 10_000;

    private final DatabaseSettings settings;
    private final HikariDataSource pool;
    /** The work this thread is running, if any: its connection and the statements kept for it. */
    private final ThreadLocal<Work> current = new ThreadLocal<>();

    private PostgresDatabase(DatabaseSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    /** Connects to the server {@code settings} names and migrates its schema (one node at a time: Flyway locks). */
    public static PostgresDatabase open(DatabaseSettings settings) {
        if (settings.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("not a PostgreSQL URL: " + settings);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("voicegather-db");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setAutoCommit(true);
        config.addDataSourceProperty("ApplicationName", "voicegather");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config); // connects once: an unreachable server fails the start here
        } catch (RuntimeException e) {
            throw StoreException.explained("cannot connect to " + settings.describe(), e);
        }
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations(Dialect.POSTGRESQL.migrations())
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw StoreException.explained("cannot migrate " + settings.describe(), e);
        }
        return new PostgresDatabase(settings, pool);
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        return run(work, true);
    }

    @Override
    public <T> T withConnection(SqlWork<T> work) {
        return run(work, false);
    }

    private <T> T run(SqlWork<T> work, boolean transaction) {
        Work outer = current.get();
        try (Connection c = borrow()) {
            current.set(new Work(c));
            if (!transaction) {
                return work.run(c);
            }
            c.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(c);
                }
                // auto-commit comes back with the connection: the pool resets what a borrower changed
            }
        } catch (SQLException e) {
            throw new StoreException((transaction ? "transaction" : "statement") + " failed on " + describe(), e);
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    private Connection borrow() throws SQLException {
        if (pool.isClosed()) {
            throw new SQLException("database is closed");
        }
        return pool.getConnection();
    }

    @Override
    public PreparedStatement statement(Connection c, String sql) throws SQLException {
        Work work = current.get();
        if (work == null || work.connection != c) {
            throw new IllegalStateException("a kept statement is only for work this database runs");
        }
        PreparedStatement ps = work.statements.get(sql);
        if (ps == null) {
            ps = c.prepareStatement(sql);
            work.statements.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken: the pool drops it
        }
    }

    /** One borrowed connection and its kept statements (closed by the pool with the connection). */
    private static final class Work {
        final Connection connection;
        final Map<String, PreparedStatement> statements = new HashMap<>();

        Work(Connection connection) {
            this.connection = connection;
        }
    }
}
