package io.voicegather.server.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two storage backends, for tests that run against both ({@code @EnumSource(TestBackend.class)}). A test's
 * data folder stands for its data: opening the same folder again reopens the same data (the SQLite file in it, or
 * the PostgreSQL database made for it on the {@link PostgresServer}), which is what restart tests need.
 */
public enum TestBackend {
    SQLITE,
    POSTGRESQL;

    private static final Map<Path, DatabaseSettings> DATABASES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** Opens (creating on first use) the data of {@code dataDir}. */
    public Database open(Path dataDir) {
        return Database.open(settings(dataDir), dataDir);
    }

    /** What a server for {@code dataDir} is started with: the embedded database, or this folder's PostgreSQL one. */
    public DatabaseSettings settings(Path dataDir) {
        if (this == SQLITE) {
            return DatabaseSettings.EMBEDDED;
        }
        PostgresServer server = PostgresServer.shared();
        return DATABASES.computeIfAbsent(dataDir.toAbsolutePath(),
                d -> server.createDatabase("test_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet()));
    }
}
