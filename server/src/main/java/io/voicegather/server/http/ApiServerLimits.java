package io.voicegather.server.http;

/**
 * Sizing of the REST surface.
 *
 * @param workerThreads  threads handling requests (they block only on the request body and on CallControl)
 * @param queueCapacity  requests that may wait for a worker; beyond that a request is answered 429 at once
 * @param maxBodyBytes   largest accepted request body; larger is 413
 */
public record ApiServerLimits(int workerThreads, int queueCapacity, int maxBodyBytes) {
    public static final ApiServerLimits DEFAULT = new ApiServerLimits(8, 512, 1 << 20);

    public ApiServerLimits {
        if (workerThreads < 1 || queueCapacity < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
