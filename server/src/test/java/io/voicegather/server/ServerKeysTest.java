package io.voicegather.server;

import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.config.ServerConfig;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.TestBackend;
import io.voicegather.server.webhook.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One signing key and one API key set: a single node's in its data folder; a cluster's in PostgreSQL, seeded by
 * the first node (docs/storage.md, "Keys in a cluster").
 */
class ServerKeysTest {
    @TempDir
    Path dir;

    @Test
    void aSqliteNodeKeepsItsKeysInItsDataFolder() throws Exception {
        Path data = dir.resolve("single");
        ServerConfig config = config(data, DatabaseSettings.EMBEDDED, "--api-key", "k1");
        try (Database db = Database.open(data)) {
            ServerKeys keys = ServerKeys.load(config, db, Clock.systemUTC());
            assertThat(keys.apiKeys()).containsExactly("k1");
            assertThat(keys.signing().publicKeyBase64())
                    .isEqualTo(SigningKeys.loadOrCreate(data).publicKeyBase64()); // the file's
        }
    }

    @Test
    void nodesSharingPostgresShareTheFirstNodesKeys() throws Exception {
        Path shared = dir.resolve("shared");
        DatabaseSettings settings = TestBackend.POSTGRESQL.settings(shared);
        Path a = dir.resolve("node-a");
        Path b = dir.resolve("node-b");
        Path c = dir.resolve("node-c");
        SigningKeys firstNodesFile = SigningKeys.loadOrCreate(a); // a node that ran alone before joining
        try (Database db = Database.open(settings, shared)) {
            ServerKeys first = ServerKeys.load(config(a, settings, "--api-key", "k1,k2"), db, Clock.systemUTC());
            ServerKeys second = ServerKeys.load(config(b, settings, "--api-key", "other"), db, Clock.systemUTC());
            ServerKeys third = ServerKeys.load(config(c, settings), db, Clock.systemUTC());

            assertThat(first.signing().publicKeyBase64()).isEqualTo(firstNodesFile.publicKeyBase64());
            assertThat(first.apiKeys()).containsExactly("k1", "k2");
            for (ServerKeys later : List.of(second, third)) {
                assertThat(later.signing().publicKeyBase64()).isEqualTo(firstNodesFile.publicKeyBase64());
                assertThat(later.apiKeys()).as("the cluster's, not the node's own flag").containsExactly("k1", "k2");
            }
            // later nodes neither generate nor save keys of their own
            assertThat(b.resolve(SigningKeys.FILE_NAME)).doesNotExist();
            assertThat(c).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(Files.list(p)).isEmpty());
        }
    }

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseAgree() throws Exception {
        Path shared = dir.resolve("shared");
        DatabaseSettings settings = TestBackend.POSTGRESQL.settings(shared);
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try (Database db = Database.open(settings, shared)) {
            List<Callable<ServerKeys>> starts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                Path data = dir.resolve("node-" + i);
                starts.add(() -> ServerKeys.load(config(data, settings), db, Clock.systemUTC()));
            }
            List<ServerKeys> keys = new ArrayList<>();
            for (Future<ServerKeys> f : pool.invokeAll(starts)) {
                keys.add(f.get(30, TimeUnit.SECONDS));
            }
            Set<String> publicKeys = keys.stream().map(k -> k.signing().publicKeyBase64()).collect(Collectors.toSet());
            Set<List<String>> apiKeySets = keys.stream().map(ServerKeys::apiKeys).collect(Collectors.toSet());
            assertThat(publicKeys).hasSize(1);
            assertThat(apiKeySets).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ServerConfig config(Path dataDir, DatabaseSettings db, String... more) {
        List<String> args = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        if (db.url() != null) {
            args.addAll(List.of("--database-url", db.url(), "--database-user", db.user(),
                    "--database-password", db.password()));
        }
        args.addAll(List.of(more));
        return ConfigLoader.load(args.toArray(String[]::new), Map.of());
    }
}
