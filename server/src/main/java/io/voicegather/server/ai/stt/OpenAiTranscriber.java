package io.voicegather.server.ai.stt;

import io.voicegather.server.ai.ProviderException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Speech recognition by an OpenAI-compatible {@code POST {baseUrl}/v1/audio/transcriptions} server: OpenAI,
 * whisper.cpp's server (started with {@code --inference-path /v1/audio/transcriptions}), faster-whisper servers.
 * Sends the utterance as an 8 kHz mono 16-bit WAV in a multipart form with {@code model}, {@code language} (when
 * known) and {@code response_format=json}, and reads {@code {"text": ...}}.
 *
 * <p>Never blocks the caller: the request goes out on the HTTP client's own threads and the returned future is
 * completed on this transcriber's small executor (never on the caller's thread, never on a timer thread). One
 * deadline covers the whole exchange; a failure is a {@link ProviderException} {@code ("stt", ...)}. Thread-safe.
 */
public final class OpenAiTranscriber implements SpeechToText, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER = "stt";

    /**
     * @param baseUrl server root such as {@code https://api.openai.com} or {@code http://127.0.0.1:8178}
     *                ({@code /v1/audio/transcriptions} is appended)
     * @param apiKey  Bearer token, or null to send no Authorization header
     * @param model   model name sent as {@code model}
     * @param timeout limit for one whole request (connect, upload, answer)
     */
    public record Config(URI baseUrl, String apiKey, String model, Duration timeout) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    private final Config config;
    private final URI endpoint;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;
    private final HttpClient client;

    public OpenAiTranscriber(Config config) {
        this.config = config;
        this.endpoint = URI.create(config.baseUrl().toString().replaceAll("/+$", "") + "/v1/audio/transcriptions");
        this.executor = Executors.newCachedThreadPool(daemonThreads("stt-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("stt-deadline"));
        timer.setRemoveOnCancelPolicy(true); // finished requests do not leave their deadline queued
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http local servers
                .connectTimeout(config.timeout())
                .executor(executor)
                .build();
    }

    @Override
    public String modelName() {
        return config.model();
    }

    /** The full URL requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        CompletableFuture<Transcript> result = new CompletableFuture<>();
        HttpRequest request;
        try {
            request = request(utterance);
        } catch (RuntimeException e) {
            result.completeExceptionally(new ProviderException(PROVIDER, "bad request: " + e.getMessage(), e));
            return result;
        }
        long millis = config.timeout().toMillis();
        CompletableFuture<HttpResponse<byte[]>> http;
        ScheduledFuture<?> deadline;
        try {
            http = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            deadline = timer.schedule(() -> executor.execute(() -> {
                if (result.completeExceptionally(new ProviderException(PROVIDER, "timed out after " + millis + " ms"))) {
                    http.cancel(true);
                }
            }), millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the executors were shut down by close()
            result.completeExceptionally(new ProviderException(PROVIDER, "closed", e));
            return result;
        }
        http.whenCompleteAsync((response, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                result.completeExceptionally(failure(failure, millis));
                return;
            }
            try {
                result.complete(answer(response));
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            }
        }, executor);
        return result;
    }

    private HttpRequest request(Utterance utterance) {
        String boundary = "voicegather-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Multipart form = new Multipart(boundary);
        form.file("file", "utterance.wav", "audio/wav", wav(utterance.pcm(), Utterance.SAMPLE_RATE));
        form.field("model", config.model());
        String language = language(utterance.language());
        if (language != null) {
            form.field("language", language);
        }
        form.field("response_format", "json");
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.finish()));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        return builder.build();
    }

    /** The ISO 639-1 part of a hint ({@code en-US} → {@code en}); servers reject full locale tags. */
    static String language(String hint) {
        if (hint == null || hint.isBlank()) {
            return null;
        }
        String primary = hint.strip().split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
        return primary.isEmpty() ? null : primary;
    }

    private Transcript answer(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException(PROVIDER, "HTTP " + response.statusCode() + " from " + endpoint
                    + errorDetail(body));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderException(PROVIDER, "unreadable answer from " + endpoint, e);
        }
        if (root == null || !root.path("text").isTextual()) {
            throw new ProviderException(PROVIDER, "unreadable answer from " + endpoint + " (no text)");
        }
        return Transcript.of(root.get("text").asText());
    }

    private ProviderException failure(Throwable failure, long millis) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof HttpTimeoutException) {
            return new ProviderException(PROVIDER, "timed out after " + millis + " ms", t);
        }
        if (t instanceof ConnectException) {
            return new ProviderException(PROVIDER, "unreachable: " + endpoint, t);
        }
        if (t instanceof IOException) {
            return new ProviderException(PROVIDER, "request to " + endpoint + " failed: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : " " + t.getMessage()), t);
        }
        return ProviderException.of(PROVIDER, t);
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

    /** A RIFF WAV of mono signed 16-bit little-endian samples. */
    public static byte[] wav(short[] pcm, int sampleRate) {
        int dataLength = pcm.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataLength)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1)                 // PCM
                .putShort((short) 1)                 // mono
                .putInt(sampleRate)
                .putInt(sampleRate * 2)              // bytes per second
                .putShort((short) 2)                 // block align
                .putShort((short) 16)                // bits per sample
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataLength);
        b.asShortBuffer().put(pcm);
        return b.array();
    }

    /** Stops this transcriber's threads. Call it only once no more answers are awaited. */
    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A multipart/form-data body (RFC 7578). */
    private static final class Multipart {
        private final String boundary;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Multipart(String boundary) {
            this.boundary = boundary;
        }

        void field(String name, String value) {
            ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            ascii("\r\n");
        }

        void file(String name, String fileName, String contentType, byte[] content) {
            ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
            out.writeBytes(content);
            ascii("\r\n");
        }

        byte[] finish() {
            ascii("--" + boundary + "--\r\n");
            return out.toByteArray();
        }

        private void ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
        }
    }
}
