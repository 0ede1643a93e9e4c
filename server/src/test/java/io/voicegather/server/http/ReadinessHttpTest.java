package io.voicegather.server.http;

import io.voicegather.server.ops.Metrics;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /ready} follows the server's readiness both ways; {@code /health} answers whatever it says. */
class ReadinessHttpTest {
    @Test
    void readyIs503WithRetryAfterWhileNotReadyAnd200Otherwise() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (ApiServer server = new ApiServer(InetAddress.getLoopbackAddress(), 0, new RecordingCallControl(),
                ApiKeys.anyOf(Set.of("k")), () -> "key")) {
            server.withOperations(new Metrics(), ready::get, () -> {
            });
            server.start();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI readyUri = URI.create("http://127.0.0.1:" + server.port() + "/ready");
            URI healthUri = URI.create("http://127.0.0.1:" + server.port() + "/health");

            HttpResponse<String> starting = http.send(HttpRequest.newBuilder(readyUri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).contains("1");
            assertThat(http.send(HttpRequest.newBuilder(healthUri).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("alive while not ready").isEqualTo(200);

            ready.set(true);
            assertThat(http.send(HttpRequest.newBuilder(readyUri).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(200);

            ready.set(false); // stopping
            assertThat(http.send(HttpRequest.newBuilder(readyUri).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(503);
        }
    }
}
