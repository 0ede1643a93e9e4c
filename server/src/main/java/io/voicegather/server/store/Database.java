package io.voicegather.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The server's storage: webhook outbox, call records, media metadata, assistants (and, in a cluster, the shared
 * keys). Two backends behind it (docs/storage.md): {@link SqliteDatabase}, embedded, the default;
 * {@link PostgresDatabase}, a server the nodes of a cluster share. Both are migrated by Flyway to the same schema
 * versions. Thread-safe.
 */
public interface Database extends AutoCloseable {
    /** The embedded SQLite database in {@code dataDir}: what a server with no {@code --database-url} uses. */
    static SqliteDatabase open(Path dataDir) {
        return SqliteDatabase.open(dataDir);
    }

    /** The database {@code settings} name, opened and migrated; SQLite lives in {@code dataDir}. */
    static Database open(DatabaseSettings settings, Path dataDir) {
        return switch (settings.dialect()) {
            case SQLITE -> SqliteDatabase.open(dataDir);
            case POSTGRESQL -> PostgresDatabase.open(settings);
        };
    }

    Dialect dialect();

    /** Where the data is (a file, or a server URL without credentials), for logs and errors. */
    String describe();

    /** Runs {@code work} inside one transaction, committed when it returns and rolled back when it throws. */
    <T> T inTransaction(SqlWork<T> work);

    /** Runs {@code work} on a connection in auto-commit mode (each statement its own transaction). */
    <T> T withConnection(SqlWork<T> work);

    /**
     * The prepared statement for {@code sql} on {@code c}, for work this database is running on {@code c} (inside
     * {@link #inTransaction} or {@link #withConnection}), prepared once and kept as long as the backend can keep
     * it. Do not close it.
     *
     * @throws IllegalStateException when {@code c} is not a connection of work this database is running
     */
    PreparedStatement statement(Connection c, String sql) throws SQLException;

    @Override
    void close();
}
