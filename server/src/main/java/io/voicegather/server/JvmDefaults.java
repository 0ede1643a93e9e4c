package io.voicegather.server;

import java.util.concurrent.ForkJoinPool;

/**
 * JVM-wide settings the server needs, applied first thing in {@link Main} (before anything touches the common
 * pool) and by the benchmarks that measure its parts.
 * <p>
 * The JDK's {@code HttpClient.sendAsync} (https webhooks, media fetches, AI providers) completes every response
 * through {@code CompletableFuture}'s default executor. That is the common pool only when its parallelism is at
 * least 2; below (the default on a 2-core machine: cores - 1) it starts a new thread per response, which cost a
 * third of a webhook delivery's CPU when webhooks used it (docs/BENCHMARKS.md). An explicit {@code -D} setting of
 * the parallelism is kept.
 * <p>
 * The JDK's HTTP server closes every connection that goes idle once {@value #IDLE_CONNECTIONS_DEFAULT} others are
 * idle, without telling the client (no {@code Connection: close}), so under a burst of connections (a thousand
 * media uploads) an application's next command on its kept-alive connection meets a reset. Idle connections are
 * left to the server's idle timeout instead (docs/robustness.md). And it reads a request's headers and body on a
 * worker thread with no time limit, so a client that sends them a byte at a time (slow loris) would hold a worker
 * for as long as it likes: a request must now arrive whole within {@value #MAX_REQUEST_SECONDS} s, else its
 * connection is closed. Small JSON answers are sent at once, not held by Nagle's algorithm until the client's
 * delayed ACK (about 40 ms a request otherwise). The server reads all three once, when the JVM makes its first HTTP
 * server, so setting them later has no effect. Explicit {@code -D} settings are kept.
 */
public final class JvmDefaults {
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
    static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    static final int IDLE_CONNECTIONS_DEFAULT = 200;
    /** Also set for the test JVMs (the root pom's surefire configuration). */
    static final String MAX_IDLE_CONNECTIONS_VALUE = "100000";
    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    /** Time for a whole request, headers and body (20 MiB of upload: 2.8 Mbit/s); the test JVMs use 10 s. */
    static final int MAX_REQUEST_SECONDS = 60;

    private JvmDefaults() {
    }

    /** Applies the settings (before the first HTTP server starts); returns false when the common pool was already made with a parallelism below 2. */
    public static boolean apply() {
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, MAX_IDLE_CONNECTIONS_VALUE);
        }
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, Integer.toString(MAX_REQUEST_SECONDS));
        }
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            int parallelism = Math.max(2, Runtime.getRuntime().availableProcessors() - 1);
            System.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(parallelism));
        }
        return ForkJoinPool.getCommonPoolParallelism() >= 2;
    }
}
