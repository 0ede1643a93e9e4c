package io.voicegather.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code server_secret} table (PostgreSQL only, migration V8): secrets every node of a cluster must share, the
 * webhook signing key and the API key set. The first node to start proposes its own (from its data folder or
 * flags) and wins; every later node takes what is there (docs/storage.md, "Keys in a cluster").
 */
public final class SharedSecrets {
    private final Database db;
    private final Clock clock;

    public SharedSecrets(Database db, Clock clock) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("shared secrets live in PostgreSQL; SQLite keeps them in files");
        }
        this.db = db;
        this.clock = clock;
    }

    /**
     * The cluster's value of {@code name}: the stored one, or else {@code proposal}'s, stored first. Nodes that
     * start at once agree too: the first insert wins and every node reads the winner back.
     */
    public String agree(String name, Supplier<String> proposal) {
        Optional<String> stored = read(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        String proposed = proposal.get();
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO server_secret (name, value, created_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, proposed);
                ps.setLong(3, clock.millis());
                return ps.executeUpdate();
            }
        });
        return read(name).orElseThrow(() -> new StoreException("secret " + name + " vanished from " + db.describe(),
                null));
    }

    private Optional<String> read(String name) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT value FROM server_secret WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }
}
