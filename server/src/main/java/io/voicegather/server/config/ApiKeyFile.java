package io.voicegather.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The API keys in force: the configured ones, or else one generated on first start and kept in the data folder,
 * so a fresh install is never left open and the key survives restarts.
 */
public final class ApiKeyFile {
    static final String FILE_NAME = "api-key";

    private ApiKeyFile() {
    }

    public static List<String> keys(List<String> configured, Path dataDir) throws IOException {
        if (!configured.isEmpty()) {
            return configured;
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!key.isEmpty()) {
                return List.of(key);
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String key = "KEY" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own protection applies
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return List.of(key);
    }
}
