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
 * @param diskCacheBytes bound on the decoded prompts kept in {@code cacheDir} (least recently used is deleted);
 *                       0 keeps nothing on disk
 * @param threads size of the fetch/decode executor
 */
public record AudioFetcherConfig(Set<String> allowedSchemes, long maxBytes, Duration timeout, int maxRedirects,
                                 long memoryCacheBytes, Path cacheDir, long diskCacheBytes, int threads) {
    public static final long DEFAULT_MAX_BYTES = 20L << 20;
    public static final long DEFAULT_DISK_CACHE_BYTES = 512L << 20;

    public AudioFetcherConfig {
        allowedSchemes = Set.copyOf(allowedSchemes);
        if (maxBytes <= 0 || timeout.isNegative() || timeout.isZero() || maxRedirects < 0 || memoryCacheBytes < 0
                || diskCacheBytes < 0 || threads < 1) {
            throw new IllegalArgumentException("invalid audio fetcher limits");
        }
    }

    /** http and https, 20 MiB, 10 s, 3 redirects, 64 MiB in memory, 512 MiB on disk, two threads. */
    public static AudioFetcherConfig defaults(Path cacheDir) {
        return new AudioFetcherConfig(Set.of("http", "https"), DEFAULT_MAX_BYTES, Duration.ofSeconds(10), 3,
                64L << 20, cacheDir, DEFAULT_DISK_CACHE_BYTES, 2);
    }

    public AudioFetcherConfig withMaxBytes(long bytes) {
        return new AudioFetcherConfig(allowedSchemes, bytes, timeout, maxRedirects, memoryCacheBytes, cacheDir,
                diskCacheBytes, threads);
    }

    public AudioFetcherConfig withTimeout(Duration limit) {
        return new AudioFetcherConfig(allowedSchemes, maxBytes, limit, maxRedirects, memoryCacheBytes, cacheDir,
                diskCacheBytes, threads);
    }

    public AudioFetcherConfig withAllowedSchemes(Set<String> schemes) {
        return new AudioFetcherConfig(schemes, maxBytes, timeout, maxRedirects, memoryCacheBytes, cacheDir,
                diskCacheBytes, threads);
    }

    public AudioFetcherConfig withMemoryCacheBytes(long bytes) {
        return new AudioFetcherConfig(allowedSchemes, maxBytes, timeout, maxRedirects, bytes, cacheDir,
                diskCacheBytes, threads);
    }

    public AudioFetcherConfig withDiskCacheBytes(long bytes) {
        return new AudioFetcherConfig(allowedSchemes, maxBytes, timeout, maxRedirects, memoryCacheBytes, cacheDir,
                bytes, threads);
    }
}
