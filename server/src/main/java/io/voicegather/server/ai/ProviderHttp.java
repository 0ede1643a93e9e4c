package io.voicegather.server.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One OpenAI-compatible endpoint, as the provider clients use it: a JDK HttpClient on HTTP/1.1 with its own small
 * executor, one deadline covering a whole exchange, JSON answers checked for status, and every failure turned into
 * a short {@link ProviderException} naming the provider ({@code stt}, {@code llm}). Never blocks the caller: results
 * complete on this endpoint's executor. Thread-safe.
 */
public final class ProviderHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String provider;
    private final URI endpoint;
    private final String apiKey;
    private final Duration timeout;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;
    private final HttpClient client;

    /**
     * @param baseUrl server root; {@code path} (e.g. {@code /v1/chat/completions}) is appended
     * @param apiKey  Bearer token, or null to send no Authorization header
     * @param timeout limit for one whole exchange (connect, upload, answer)
     */
    public ProviderHttp(String provider, URI baseUrl, String path, String apiKey, Duration timeout) {
        this.provider = provider;
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.executor = Executors.newCachedThreadPool(daemonThreads(provider + "-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads(provider + "-deadline"));
        timer.setRemoveOnCancelPolicy(true); // finished requests do not leave their deadline queued
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http local servers
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A POST to the endpoint with the timeout, Accept and (when there is a key) Authorization headers set. */
    public HttpRequest post(String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", contentType)
                .header("Accept", "application/json")
                .POST(body);
        if (apiKey != null && !apiKey.isBlank()) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder.build();
    }

    /**
     * Sends the request and reads the answer with {@code read} (which may throw ProviderException). The future fails
     * with a ProviderException on a timeout, a network error, or after {@link #close()}.
     */
    public <T> CompletableFuture<T> exchange(HttpRequest request, Function<HttpResponse<byte[]>, T> read) {
        CompletableFuture<T> result = new CompletableFuture<>();
        long millis = timeout.toMillis();
        CompletableFuture<HttpResponse<byte[]>> http;
        ScheduledFuture<?> deadline;
        try {
            http = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            deadline = timer.schedule(() -> executor.execute(() -> {
                if (result.completeExceptionally(new ProviderException(provider, "timed out after " + millis + " ms"))) {
                    http.cancel(true);
                }
            }), millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the executors were shut down by close()
            result.completeExceptionally(new ProviderException(provider, "closed", e));
            return result;
        }
        http.whenCompleteAsync((response, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                result.completeExceptionally(failure(failure, millis));
                return;
            }
            try {
                result.complete(read.apply(response));
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            }
        }, executor);
        return result;
    }

    /** A 2xx answer's JSON document; an error status or a body that is not JSON is a ProviderException. */
    public JsonNode json(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException(provider, "HTTP " + response.statusCode() + " from " + endpoint
                    + errorDetail(body));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderException(provider, "unreadable answer from " + endpoint, e);
        }
        if (root == null) {
            throw unreadable("empty");
        }
        return root;
    }

    /** An answer that parsed but lacks what was needed: {@code why} in brackets. */
    public ProviderException unreadable(String why) {
        return new ProviderException(provider, "unreadable answer from " + endpoint + " (" + why + ")");
    }

    private ProviderException failure(Throwable failure, long millis) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof HttpTimeoutException) {
            return new ProviderException(provider, "timed out after " + millis + " ms", t);
        }
        if (t instanceof ConnectException) {
            return new ProviderException(provider, "unreachable: " + endpoint, t);
        }
        if (t instanceof IOException) {
            return new ProviderException(provider, "request to " + endpoint + " failed: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : " " + t.getMessage()), t);
        }
        return ProviderException.of(provider, t);
    }

    /** A short, single-line reason from an error answer: OpenAI's error.message, a plain error or detail string. */
    static String errorDetail(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null) {
                JsonNode error = root.path("error");
                if (error.path("message").isTextual()) {
                    text = error.get("message").asText();
                } else if (error.isTextual()) {
                    text = error.asText();
                } else if (root.path("detail").isTextual()) {
                    text = root.get("detail").asText();
                }
            }
        } catch (IOException e) {
            // not JSON: the raw text is the reason
        }
        text = text.replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > 120 ? text.substring(0, 120) + "…" : text);
    }

    /** Stops this endpoint's threads. Call it only once no more answers are awaited. */
    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
    }

    public static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
