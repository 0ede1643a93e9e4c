package io.voicegather.client.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.voicegather.api.json.Json;
import io.voicegather.client.errors.VoicegatherException;
import io.voicegather.client.errors.VoicegatherIoException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Sends one API request with retries and decodes the answer. Everything is asynchronous underneath (no thread
 * waits during a backoff); the blocking services simply wait for the future. Thread-safe; one per client.
 */
public final class HttpTransport {
    private static final String USER_AGENT = "voicegather-java";

    private final ClientOptions options;
    private final HttpClient http;

    public HttpTransport(ClientOptions options) {
        this.options = options;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public ClientOptions options() {
        return options;
    }

    /**
     * Sends {@code method path} (path relative to the base URL, already encoded) with an optional JSON body and
     * decodes a 2xx answer into {@code type}; any other status fails the future with a typed exception.
     */
    public <T> CompletableFuture<T> request(String method, String path, String jsonBody, Class<T> type) {
        return request(method, path, jsonBody, type, Map.of());
    }

    /** As above, with extra request headers (sent on every attempt, retries included). */
    public <T> CompletableFuture<T> request(String method, String path, String jsonBody, Class<T> type,
                                            Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(options.baseUrl() + path))
                .timeout(options.timeout())
                .header("Authorization", "Bearer " + options.apiKey())
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT);
        headers.forEach(b::header);
        if (jsonBody == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        HttpRequest request = b.build();
        return attempt(request, 0).thenApply(response -> decode(response, type));
    }

    /** Waits for a future of this transport, rethrowing its failure unwrapped. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new VoicegatherIoException("interrupted while waiting for the response", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new VoicegatherException("request failed", cause);
        }
    }

    private CompletableFuture<HttpResponse<String>> attempt(HttpRequest request, int retry) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (!(cause instanceof IOException)) {
                            return CompletableFuture.<HttpResponse<String>>failedFuture(cause);
                        }
                        if (retry >= options.maxRetries()) {
                            return CompletableFuture.<HttpResponse<String>>failedFuture(new VoicegatherIoException(
                                    request.method() + " " + request.uri() + " failed after " + (retry + 1)
                                            + " attempt(s): " + cause, cause));
                        }
                        return later(RetryPolicy.delay(retry, null, ZonedDateTime.now(options.clock())),
                                request, retry + 1);
                    }
                    if (retry < options.maxRetries() && RetryPolicy.shouldRetry(response.statusCode(), response.headers())) {
                        return later(RetryPolicy.delay(retry, response.headers(), ZonedDateTime.now(options.clock())),
                                request, retry + 1);
                    }
                    return CompletableFuture.completedFuture(response);
                })
                .thenCompose(f -> f);
    }

    private CompletableFuture<HttpResponse<String>> later(Duration delay, HttpRequest request, int retry) {
        return CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(ignored -> attempt(request, retry));
    }

    private static <T> T decode(HttpResponse<String> response, Class<T> type) {
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw ErrorMapper.toException(status, response.headers().map(), response.body());
        }
        try {
            return Json.MAPPER.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new VoicegatherException("unreadable response body for " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
