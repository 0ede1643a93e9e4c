package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTtsEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile byte[] answer;
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            bodies.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            auth.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            if (hang) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer;
            exchange.getResponseHeaders().add("Content-Type", status == 200 ? "audio/wav" : "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private HttpTtsEngine engine(Duration timeout) {
        return new HttpTtsEngine(HttpTtsEngine.Config.of(base(), "sk-test", "tts-1", "alloy", "onyx", "nova")
                .withTimeout(timeout));
    }

    /** A 16 kHz stereo WAV: a 440 Hz tone with a 6 kHz tone mixed in (which must not survive the resampling). */
    static byte[] toneWav(double seconds, int rate, int channels) {
        int frames = (int) (seconds * rate);
        short[] samples = new short[frames * channels];
        for (int i = 0; i < frames; i++) {
            double t = (double) i / rate;
            short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * t) + 8000 * Math.sin(2 * Math.PI * 6000 * t));
            for (int c = 0; c < channels; c++) {
                samples[i * channels + c] = s;
            }
        }
        return TestWav.bytes(samples, rate, channels);
    }

    @Test
    void sendsTheOpenAiRequestAndResamplesTheAnswer() throws Exception {
        answer = toneWav(1.0, 16000, 2);
        VoiceChoice female = VoiceCatalog.resolve("AWS.Polly.Joanna-Neural", null);
        short[] pcm = engine(Duration.ofSeconds(10)).render(TtsRequest.of("Press one for sales.", female));

        assertThat(paths).containsExactly("POST /v1/audio/speech");
        assertThat(auth).containsExactly("Bearer sk-test");
        JsonNode body = bodies.get(0);
        assertThat(body.get("model").asText()).isEqualTo("tts-1");
        assertThat(body.get("input").asText()).isEqualTo("Press one for sales.");
        assertThat(body.get("voice").asText()).isEqualTo("nova");
        assertThat(body.get("response_format").asText()).isEqualTo("wav");
        assertThat(body.has("speed")).isFalse();
        // 1 s at 16 kHz becomes 1 s at 8 kHz (edge trimming takes nothing from a tone that starts at once)
        assertThat(pcm.length).isBetween(7900, 8000);
        assertThat(Pcm.activeRmsDbfs(pcm)).isBetween(-19.0, -17.0);
    }

    @Test
    void pausesSplitRequestsAndShortOnesFoldIntoCommas() throws Exception {
        answer = toneWav(0.5, 24000, 1);
        List<SpeechSegment> segments = Ssml.parseSsml("<speak>Hello<break time=\"1s\"/>Your code is "
                + "<say-as interpret-as=\"telephone\">5551234</say-as></speak>");
        short[] pcm = engine(Duration.ofSeconds(10)).render(new TtsRequest(segments,
                VoiceCatalog.resolve("male", null), null, 1.25));
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0).get("input").asText()).isEqualTo("Hello");
        assertThat(bodies.get(1).get("input").asText()).isEqualTo("Your code is 5 5 5, 1 2 3 4");
        assertThat(bodies.get(1).get("voice").asText()).isEqualTo("onyx");
        assertThat(bodies.get(1).get("speed").asDouble()).isEqualTo(1.25);
        assertThat(pcm.length).isBetween(2 * 3900 + 8000, 2 * 4000 + 8000);
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() throws Exception {
        answer = toneWav(0.2, 8000, 1);
        new HttpTtsEngine(HttpTtsEngine.Config.of(base(), null, "kokoro", "af_heart", "am_adam", "af_bella"))
                .render(TtsRequest.of("hi", VoiceCatalog.resolve("Telnyx.x.y", null)));
        assertThat(auth).containsExactly("null");
        assertThat(bodies.get(0).get("voice").asText()).isEqualTo("af_heart");
    }

    @Test
    void kokoroVoicesCanBePassedThrough() throws Exception {
        answer = toneWav(0.2, 24000, 1);
        HttpTtsEngine.Config config = new HttpTtsEngine.Config(base(), "k", "kokoro", Duration.ofSeconds(10),
                1 << 20, HttpTtsEngine.Config.kokoroIdsOr(HttpTtsEngine.Config.byGender("af", "am_adam", "af_bella")));
        HttpTtsEngine engine = new HttpTtsEngine(config);
        engine.render("hi", VoiceCatalog.resolve("Telnyx.KokoroTTS.bf_emma", null));
        engine.render("hi", VoiceCatalog.resolve("AWS.Polly.Matthew", null));
        assertThat(bodies).extracting(b -> b.get("voice").asText()).containsExactly("bf_emma", "am_adam");
    }

    @Test
    void answerOverTheSizeLimitIsRefused() {
        answer = toneWav(1.0, 16000, 1);
        HttpTtsEngine engine = new HttpTtsEngine(new HttpTtsEngine.Config(base(), "k", "tts-1",
                Duration.ofSeconds(10), 1000, v -> "alloy"));
        assertThatThrownBy(() -> engine.render("hi", VoiceChoice.defaultVoice()))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.reason()).isEqualTo(TtsException.Reason.BAD_AUDIO));
    }

    @Test
    void errorStatusIsReported() {
        status = 401;
        answer = "{\"error\":{\"message\":\"bad key\"}}".getBytes();
        assertThatThrownBy(() -> engine(Duration.ofSeconds(10)).render(TtsRequest.of("hi",
                VoiceChoice.defaultVoice())))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TtsException.Reason.HTTP_STATUS);
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("bad key");
                });
    }

    @Test
    void notAudioIsReported() {
        answer = "ID3 this is an mp3, not a wav".getBytes();
        assertThatThrownBy(() -> engine(Duration.ofSeconds(10)).render(TtsRequest.of("hi",
                VoiceChoice.defaultVoice())))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.reason()).isEqualTo(TtsException.Reason.BAD_AUDIO));
    }

    @Test
    void slowServerTimesOut() {
        hang = true;
        answer = toneWav(0.2, 8000, 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> engine(Duration.ofMillis(300)).render(TtsRequest.of("hi",
                VoiceChoice.defaultVoice())))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.reason()).isEqualTo(TtsException.Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        HttpTtsEngine engine = new HttpTtsEngine(HttpTtsEngine.Config.of(URI.create("http://127.0.0.1:" + port),
                "k", "tts-1", "alloy", "onyx", "nova"));
        assertThatThrownBy(() -> engine.render(TtsRequest.of("hi", VoiceChoice.defaultVoice())))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.reason()).isEqualTo(TtsException.Reason.UNREACHABLE));
    }

    @Test
    void idNamesEndpointAndModel() {
        assertThat(engine(Duration.ofSeconds(1)).id())
                .isEqualTo("http:http://127.0.0.1:" + server.getAddress().getPort() + "/v1/audio/speech#tts-1");
    }
}
