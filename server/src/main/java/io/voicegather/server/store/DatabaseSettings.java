package io.voicegather.server.store;

/**
 * Where the data lives: {@link #EMBEDDED} (SQLite in the data folder, the default) or a PostgreSQL server shared by
 * the nodes of a cluster ({@code --database-url jdbc:postgresql://host:port/name}).
 *
 * @param url      a {@code jdbc:postgresql://} URL, or null for the embedded SQLite database
 * @param user     the PostgreSQL role, or null to let the URL or the driver decide
 * @param password its password, or null
 */
public record DatabaseSettings(String url, String user, String password) {
    public static final String POSTGRESQL_PREFIX = "jdbc:postgresql://";
    public static final DatabaseSettings EMBEDDED = new DatabaseSettings(null, null, null);

    public DatabaseSettings {
        if (url != null && !url.startsWith(POSTGRESQL_PREFIX)) {
            throw new IllegalArgumentException("--database-url must start with " + POSTGRESQL_PREFIX
                    + " (empty: the embedded SQLite database), not '" + url + "'");
        }
        if (url == null && (user != null || password != null)) {
            throw new IllegalArgumentException("--database-user and --database-password need --database-url");
        }
    }

    public Dialect dialect() {
        return url == null ? Dialect.SQLITE : Dialect.POSTGRESQL;
    }

    /** The URL without credentials a user may have put in it, for logs and errors. */
    public String describe() {
        if (url == null) {
            return "embedded SQLite";
        }
        int query = url.indexOf('?');
        return "PostgreSQL " + (query < 0 ? url : url.substring(0, query));
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + (user == null ? "" : ", user " + user)
                + (password == null ? "" : ", password set") + "]";
    }
}
