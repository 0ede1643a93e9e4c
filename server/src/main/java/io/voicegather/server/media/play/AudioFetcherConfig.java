package io.voicegather.server.media.play;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Limits for fetched prompts.
 *
 * @param allowedSchemes URL schemes that may be fetched or redirected to (a subset of http, https)
 * @param maxBytes largest body accepted, counted while it streams in
 * @param timeout for the whole fetch, redirects and body included
 * @param maxRedirects redirects followed before giving up
 * @param memoryCacheBytes bound on decoded audio kept in memory (least recently used is evicted)
 * @param cacheDir folder for decoded prompts that survive a restart, or null for none
 * @param threads size of the fetch/decode executor
 */
public record AudioFetcherConfig(Set<String> allowedSchemes, long maxBytes, Duration timeout, int maxRedirects,
                                 long memoryCacheBytes, Path cacheDir, int threads) {
    public static final long DEFAULT_MAX_BYTES = 20L << 20;

    public AudioFetcherConfig {
        allowedSchemes = Set.copyOf(allowedSchemes);
        if (maxBytes <= 0 || timeout.isNegative() || timeout.isZero() || maxRedirects < 0 || memoryCacheBytes < 0
                || threads < 1) {
            throw new IllegalArgumentException("invalid audio fetcher limits");
        }
    }

    /** http and https, 20 MiB, 10 s, 3 redirects, 64 MiB in memory, two threads. */
    public static AudioFetcherConfig defaults(Path cacheDir) {
        return new AudioFetcherConfig(Set.of("http", "https"), DEFAULT_MAX_BYTES, Duration.ofSeconds(10), 3,
                64L << 20, cacheDir, 2);
    }

    public AudioFetcherConfig withMaxBytes(long bytes) {
        return new AudioFetcherConfig(allowedSchemes, bytes, timeout, maxRedirects, memoryCacheBytes, cacheDir,
                threads);
    }

    public AudioFetcherConfig withTimeout(Duration limit) {
        return new AudioFetcherConfig(allowedSchemes, maxBytes, limit, maxRedirects, memoryCacheBytes, cacheDir,
                threads);
    }

    public AudioFetcherConfig withAllowedSchemes(Set<String> schemes) {
        return new AudioFetcherConfig(schemes, maxBytes, timeout, maxRedirects, memoryCacheBytes, cacheDir, threads);
    }
}
