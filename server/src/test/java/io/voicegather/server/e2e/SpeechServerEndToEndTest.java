package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code --tts-url}, speech comes from an OpenAI-compatible speech server instead of the built-in voice: a real
 * HTTP server here answers {@code POST /v1/audio/speech} with a WAV, and a real call speaks it.
 */
class SpeechServerEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path serverDir;
    static E2eServer server;
    static HttpServer speech;
    static final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    static final List<String> auth = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        Sipp.requirePcapPlayback();
        speech = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] wav = PromptAudio.wav(PromptAudio.tone(500, 600));
        speech.createContext("/v1/audio/speech", ex -> {
            requests.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            ex.getResponseHeaders().set("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, wav.length);
            ex.getResponseBody().write(wav);
            ex.close();
        });
        speech.start();
        server = E2eServer.start(serverDir, 8, "--tts-url", "http://127.0.0.1:" + speech.getAddress().getPort(),
                "--tts-api-key", "speech-key", "--tts-model", "kokoro");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (speech != null) {
            speech.stop(0);
        }
    }

    @Test
    void speakUsesTheConfiguredSpeechServer() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "remotetts",
                SippCaller.keys().digits("1"))) {
            String id = server.awaitInitiated("remotetts").callControlId();
            server.answer(id);
            server.command(id, "speak", body().put("payload", "Your table is ready.").put("voice", "female"));

            WebhookReceiver.Event ended = server.await("call.speak.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("completed");
            assertThat(requests).hasSize(1);
            JsonNode request = requests.get(0);
            assertThat(request.path("input").asText()).isEqualTo("Your table is ready.");
            assertThat(request.path("model").asText()).isEqualTo("kokoro");
            assertThat(request.path("voice").asText()).as("a female voice request maps to --tts-female-voice")
                    .isEqualTo("nova");
            assertThat(auth).containsExactly("Bearer speech-key");

            server.awaitDigit(id, '1');
            server.hangup(id);
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
            server.assertAllSignaturesValid();
        }
    }
}
