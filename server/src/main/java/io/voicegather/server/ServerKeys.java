package io.voicegather.server;

import io.voicegather.server.config.ApiKeyFile;
import io.voicegather.server.config.ServerConfig;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.Dialect;
import io.voicegather.server.store.SharedSecrets;
import io.voicegather.server.webhook.SigningKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;

/**
 * The webhook signing key and the accepted API keys. A single node (SQLite) keeps them in its data folder (or takes
 * the API keys from its flags). Nodes sharing PostgreSQL share one of each, kept in the database: the first node
 * to start stores its own, and every node uses the stored ones (docs/storage.md, "Keys in a cluster").
 */
record ServerKeys(SigningKeys signing, List<String> apiKeys) {
    private static final Logger log = LoggerFactory.getLogger(ServerKeys.class);
    static final String SIGNING_KEY = "webhook_signing_key";
    static final String API_KEYS = "api_keys";

    static ServerKeys load(ServerConfig config, Database database, Clock clock) throws IOException {
        if (database.dialect() != Dialect.POSTGRESQL) {
            return new ServerKeys(SigningKeys.loadOrCreate(config.dataDir()),
                    ApiKeyFile.keys(config.apiKeys(), config.dataDir()));
        }
        SharedSecrets shared = new SharedSecrets(database, clock);
        SigningKeys signing = SigningKeys.fromSeed(shared.agree(SIGNING_KEY,
                () -> SigningKeys.loadOrCreate(config.dataDir()).seedBase64()));
        List<String> apiKeys = List.of(shared.agree(API_KEYS, () -> String.join(",", localApiKeys(config)))
                .split(","));
        if (!config.apiKeys().isEmpty() && !config.apiKeys().equals(apiKeys)) {
            log.warn("--api-key differs from the cluster's API keys in {}; the cluster's are accepted"
                    + " (docs/storage.md, \"Keys in a cluster\")", database.describe());
        }
        return new ServerKeys(signing, apiKeys);
    }

    private static List<String> localApiKeys(ServerConfig config) {
        try {
            return ApiKeyFile.keys(config.apiKeys(), config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API key in " + config.dataDir(), e);
        }
    }

    @Override
    public String toString() {
        return "ServerKeys[public key " + signing.publicKeyBase64() + ", " + apiKeys.size() + " API key(s)]";
    }
}
