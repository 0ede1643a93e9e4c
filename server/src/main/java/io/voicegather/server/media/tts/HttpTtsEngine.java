package io.voicegather.server.media.tts;

import io.voicegather.server.media.play.AudioDecodeException;
import io.voicegather.server.media.play.AudioDecoder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A remote voice behind an OpenAI-compatible {@code POST {baseUrl}/v1/audio/speech} (OpenAI, Kokoro-FastAPI,
 * openedai-speech, LocalAI...). Sends {@code {model, input, voice, response_format: "wav"}} (plus {@code speed}
 * when the rate is not 1) with a Bearer key, reads the 16-bit PCM WAV answer at any rate and channel count and
 * resamples it to 8 kHz with a low-pass filter.
 *
 * <p>Pauses of {@link #FOLD_PAUSE_MS} or more split the prompt into separate requests joined by exact silence;
 * shorter ones become a comma in the text, so a prompt with many small breaks is still one request. Each spoken
 * piece is trimmed of edge silence, and the result normalised to about -18 dBFS RMS. Thread-safe.
 */
public final class HttpTtsEngine implements TtsEngine {
    /** The prompt decoder: any WAV (or MP3) the TTS server answers, mixed to mono and resampled to 8 kHz. */
    private static final AudioDecoder DECODER = new AudioDecoder();


    /** Pauses at least this long are rendered as silence between requests, shorter ones as a comma. */
    public static final int FOLD_PAUSE_MS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_SNIPPET = 300;

    /**
     * @param baseUrl       server root, e.g. {@code https://api.openai.com} ({@code /v1/audio/speech} is appended)
     * @param apiKey        Bearer token, or null to send no Authorization header
     * @param model         model name sent as {@code model}, e.g. {@code tts-1} or {@code kokoro}
     * @param timeout       limit for one whole request (connect, answer and body)
     * @param maxAudioBytes answers larger than this are refused
     * @param voiceName     the remote voice name for a requested voice
     */
    public record Config(URI baseUrl, String apiKey, String model, Duration timeout, int maxAudioBytes,
            Function<VoiceChoice, String> voiceName) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(voiceName, "voiceName");
            if (maxAudioBytes <= 0) {
                throw new IllegalArgumentException("maxAudioBytes must be positive");
            }
        }

        /**
         * Defaults: 10 s timeout, 32 MB answer limit, voices chosen by gender: {@code femaleVoice} for female,
         * {@code maleVoice} for male, {@code defaultVoice} when unknown.
         */
        public static Config of(URI baseUrl, String apiKey, String model, String defaultVoice, String maleVoice,
                String femaleVoice) {
            return new Config(baseUrl, apiKey, model, Duration.ofSeconds(10), 32 << 20,
                    byGender(defaultVoice, maleVoice, femaleVoice));
        }

        /** Same configuration with another timeout. */
        public Config withTimeout(Duration newTimeout) {
            return new Config(baseUrl, apiKey, model, newTimeout, maxAudioBytes, voiceName);
        }

        /**
         * For a Kokoro server: a {@code Telnyx.KokoroTTS.<id>} voice is sent as {@code <id>} (Kokoro's own names,
         * e.g. {@code af_heart}); any other voice as {@code fallback} decides.
         */
        public static Function<VoiceChoice, String> kokoroIdsOr(Function<VoiceChoice, String> fallback) {
            return voice -> voice.provider().equals("telnyx") && voice.model() != null
                    && voice.model().toLowerCase(java.util.Locale.ROOT).startsWith("kokoro") && voice.voiceId() != null
                    ? voice.voiceId() : fallback.apply(voice);
        }

        /** Picks a remote voice from the gender hint. */
        public static Function<VoiceChoice, String> byGender(String defaultVoice, String maleVoice,
                String femaleVoice) {
            return voice -> switch (voice.gender()) {
                case FEMALE -> femaleVoice;
                case MALE -> maleVoice;
                case UNKNOWN -> defaultVoice;
            };
        }
    }

    private final Config config;
    private final URI endpoint;
    private final HttpClient client;

    public HttpTtsEngine(Config config) {
        this.config = config;
        String base = config.baseUrl().toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/v1/audio/speech");
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http local servers
                .connectTimeout(config.timeout())
                .build();
    }

    @Override
    public String id() {
        return "http:" + endpoint + "#" + config.model();
    }

    @Override
    public short[] render(TtsRequest request) throws TtsException {
        String voice = config.voiceName().apply(request.voice());
        Pcm.Builder out = new Pcm.Builder();
        for (Object piece : pieces(request.segments())) {
            if (piece instanceof String text) {
                out.append(Pcm.trim(fetch(text, voice, request.clampedRate())));
            } else {
                out.silence((Integer) piece);
            }
        }
        return Pcm.normalise(out.toArray());
    }

    /** Texts (String) and long pauses (Integer ms); short pauses fold into the text as a comma. */
    static List<Object> pieces(List<SpeechSegment> segments) {
        List<Object> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int pendingShortPause = 0;
        for (SpeechSegment segment : segments) {
            if (segment instanceof SpeechSegment.Text t) {
                if (text.length() > 0) {
                    text.append(pendingShortPause > 0 && !endsWithPunctuation(text) ? ", " : " ");
                }
                text.append(t.text());
                pendingShortPause = 0;
            } else if (segment instanceof SpeechSegment.Pause p) {
                if (p.millis() >= FOLD_PAUSE_MS) {
                    if (text.length() > 0) {
                        pieces.add(text.toString());
                        text.setLength(0);
                    }
                    pieces.add(p.millis());
                    pendingShortPause = 0;
                } else {
                    pendingShortPause += p.millis();
                }
            }
        }
        if (text.length() > 0) {
            pieces.add(text.toString());
        }
        return pieces;
    }

    private static boolean endsWithPunctuation(StringBuilder text) {
        char last = text.charAt(text.length() - 1);
        return last == ',' || last == '.' || last == '!' || last == '?' || last == ';' || last == ':';
    }

    private short[] fetch(String input, String voice, double rate) throws TtsException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", config.model());
        body.put("input", input);
        body.put("voice", voice);
        body.put("response_format", "wav");
        if (rate != 1.0) {
            body.put("speed", rate);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (config.apiKey() != null && !config.apiKey().isEmpty()) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpResponse<byte[]> response = send(builder.build());
        byte[] audio = response.body();
        if (response.statusCode() / 100 != 2) {
            String snippet = new String(audio, 0, Math.min(audio.length, ERROR_SNIPPET), StandardCharsets.UTF_8);
            throw new TtsException(TtsException.Reason.HTTP_STATUS, "TTS server answered " + response.statusCode()
                    + ": " + snippet, response.statusCode(), null);
        }
        if (audio.length > config.maxAudioBytes()) {
            throw new TtsException(TtsException.Reason.BAD_AUDIO, "TTS answer larger than "
                    + config.maxAudioBytes() + " bytes");
        }
        try {
            return DECODER.decodeTo8k(audio).toArray();
        } catch (AudioDecodeException e) {
            throw new TtsException(TtsException.Reason.BAD_AUDIO, "TTS answer is not usable audio: "
                    + e.getMessage(), e);
        }
    }

    /** Sends with one deadline for the whole exchange, body included (the request timeout covers only headers). */
    private HttpResponse<byte[]> send(HttpRequest request) throws TtsException {
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        try {
            return future.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TtsException(TtsException.Reason.TIMEOUT, "TTS server did not answer within "
                    + config.timeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new TtsException(TtsException.Reason.ENGINE, "interrupted waiting for the TTS server", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new TtsException(TtsException.Reason.TIMEOUT, "TTS server did not answer within "
                        + config.timeout().toMillis() + " ms", cause);
            }
            if (cause instanceof ConnectException) {
                throw new TtsException(TtsException.Reason.UNREACHABLE, "TTS server unreachable at " + endpoint,
                        cause);
            }
            if (cause instanceof IOException) {
                throw new TtsException(TtsException.Reason.UNREACHABLE, "TTS request failed: " + cause, cause);
            }
            throw new TtsException(TtsException.Reason.ENGINE, "TTS request failed: " + cause, cause);
        }
    }
}
