package io.voicegather.server.http;

/**
 * Sizing of the REST surface.
 *
 * @param workerThreads      threads handling requests (they block only on the request body and on CallControl)
 * @param queueCapacity      requests that may wait for a worker; beyond that a request is answered 429 at once
 * @param maxBodyBytes       largest accepted request body; larger is 413
 * @param mediaThreads       threads of their own for /v2/media (bodies of up to 20 MiB, media_url downloads of up
 *                           to 30 s), so that uploads never take the workers call commands need
 * @param mediaQueueCapacity /v2/media requests that may wait for a media thread; beyond that 429 at once
 */
public record ApiServerLimits(int workerThreads, int queueCapacity, int maxBodyBytes, int mediaThreads,
                              int mediaQueueCapacity) {
    public static final ApiServerLimits DEFAULT = new ApiServerLimits(8, 512, 1 << 20);

    public ApiServerLimits {
        if (workerThreads < 1 || queueCapacity < 1 || maxBodyBytes < 1 || mediaThreads < 1
                || mediaQueueCapacity < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** With the default media sizing: 4 threads, 64 waiting. */
    public ApiServerLimits(int workerThreads, int queueCapacity, int maxBodyBytes) {
        this(workerThreads, queueCapacity, maxBodyBytes, 4, 64);
    }
}
