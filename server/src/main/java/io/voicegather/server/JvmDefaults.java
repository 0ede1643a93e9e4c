package io.voicegather.server;

import java.util.concurrent.ForkJoinPool;

/**
 * JVM-wide settings the server needs, applied first thing in {@link Main} (before anything touches the common
 * pool) and by the benchmarks that measure its parts.
 * <p>
 * The JDK's {@code HttpClient.sendAsync} completes every response through {@code CompletableFuture}'s default
 * executor. That is the common pool only when its parallelism is at least 2; below (the default on a 2-core
 * machine: cores - 1) it starts a new thread per response, which cost a third of a webhook delivery's CPU
 * (docs/BENCHMARKS.md, "Webhook throughput"). An explicit {@code -D} setting of the parallelism is kept.
 */
public final class JvmDefaults {
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private JvmDefaults() {
    }

    /** Applies the settings; returns false when the common pool was already made with a parallelism below 2. */
    public static boolean apply() {
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() - 1);
            System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(parallelism));
        }
        return ForkJoinPool.getCommonPoolParallelism() >= 2;
    }
}
