package io.voicegather.server.ai.stt;

import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.ProviderHttp;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

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
    private final ProviderHttp http;

    public OpenAiTranscriber(Config config) {
        this.config = config;
        this.http = new ProviderHttp(PROVIDER, config.baseUrl(), "/v1/audio/transcriptions", config.apiKey(),
                config.timeout());
    }

    @Override
    public String modelName() {
        return config.model();
    }

    /** The full URL requests go to. */
    public URI endpoint() {
        return http.endpoint();
    }

    @Override
    public CompletableFuture<Transcript> transcribe(Utterance utterance) {
        HttpRequest request;
        try {
            request = request(utterance);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ProviderException(PROVIDER, "bad request: " + e.getMessage(), e));
        }
        return http.exchange(request, this::answer);
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
        return http.post("multipart/form-data; boundary=" + boundary,
                HttpRequest.BodyPublishers.ofByteArray(form.finish()));
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
        JsonNode root = http.json(response);
        if (!root.path("text").isTextual()) {
            throw http.unreadable("no text");
        }
        return Transcript.of(root.get("text").asText());
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
        http.close();
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
