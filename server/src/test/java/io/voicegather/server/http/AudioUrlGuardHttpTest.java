package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.media.play.AudioUrlGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * --audio-url-block-private at command time, over real HTTP: an audio_url (or invalid_audio_url) written as a
 * blocked address is refused 422 10015 with a pointer to the field and never reaches the call; names and public
 * addresses pass (a name is judged when it is fetched).
 */
class AudioUrlGuardHttpTest {
    private final RecordingCallControl calls = new RecordingCallControl();
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, calls, ApiKeys.anyOf(Set.of(TestApi.KEY)),
                () -> TestApi.PUBLIC_KEY);
        server.withAudioUrlGuard(AudioUrlGuard.BLOCK_PRIVATE);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1} → {2} {3}")
    @CsvSource({
            "playback_start, '{\"audio_url\":\"http://169.254.169.254/latest\"}', 422, /audio_url",
            "playback_start, '{\"audio_url\":\"https://[::1]/a.mp3\"}', 422, /audio_url",
            "playback_start, '{\"audio_url\":\"http://10.0.0.7/a.mp3\"}', 422, /audio_url",
            "gather_using_audio, '{\"audio_url\":\"http://127.0.0.1/a.mp3\"}', 422, /audio_url",
            "gather_using_audio, '{\"media_name\":\"a.wav\",\"invalid_audio_url\":\"http://192.168.0.1/no.mp3\"}', 422, /invalid_audio_url",
            "playback_start, '{\"audio_url\":\"https://prompts.example.com/a.mp3\"}', 200, ''",
            "playback_start, '{\"audio_url\":\"http://8.8.8.8/a.mp3\"}', 200, ''",
            "gather_using_audio, '{\"audio_url\":\"https://prompts.example.com/a.mp3\",\"invalid_audio_url\":\"https://prompts.example.com/no.mp3\"}', 200, ''",
    })
    void blockedAddressesAreRefusedOnTheirField(String action, String body, int status, String pointer)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v2/calls/v3%3Aabc/actions/" + action))
                .header("Authorization", "Bearer " + TestApi.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status == 422) {
            JsonNode error = Json.MAPPER.readTree(r.body()).path("errors").path(0);
            assertThat(error.path("code").asText()).isEqualTo("10015");
            assertThat(error.path("source").path("pointer").asText()).isEqualTo(pointer);
            assertThat(error.path("detail").asText()).contains("not a public address");
            assertThat(calls.last()).as("never reaches the call").isNull();
        } else {
            assertThat(calls.last().operation()).isEqualTo(action);
        }
    }
}
