package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.json.Json;
import io.voicegather.server.media.play.AudioUrlGuard;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.media.MediaSamples;
import io.voicegather.server.store.media.MediaStore;
import io.voicegather.server.store.media.MediaStoreSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * media_url (POST and PUT /v2/media; PUT checks the name first) is fetched on a request's behalf like audio_url, so --audio-url-block-private
 * guards it the same way: a host written as a blocked address is refused 422 10015 before any request, a name that
 * resolves to one 422 10424 before any request; every redirect hop passes the same check. With the guard off the
 * same URLs are fetched, and redirects are followed by hand within a limit.
 */
class MediaUrlGuardHttpTest {
    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger originHits = new AtomicInteger();
    private HttpServer origin;
    private Database db;
    private MediaStore store;
    private ApiServer server;

    private void start(AudioUrlGuard guard) throws IOException {
        origin = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        origin.createContext("/prompt.mp3", ex -> reply(ex, 200, MediaSamples.mp3(2000), null));
        origin.createContext("/moved", ex -> reply(ex, 302, new byte[0], "/prompt.mp3"));
        origin.createContext("/loop", ex -> reply(ex, 302, new byte[0], "/loop"));
        origin.start();
        db = Database.open(dir);
        store = new MediaStore(db, dir, Clock.systemUTC(), MediaStoreSettings.DEFAULT);
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, new RecordingCallControl(),
                ApiKeys.anyOf(Set.of(TestApi.KEY)), () -> TestApi.PUBLIC_KEY, ApiServerLimits.DEFAULT, store);
        server.withAudioUrlGuard(guard);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
        db.close();
        origin.stop(0);
    }

    @Test
    void withTheGuardALoopbackOriginIsNeverAsked() throws Exception {
        start(AudioUrlGuard.BLOCK_PRIVATE);
        JsonNode literal = refused("POST", "/v2/media", "http://127.0.0.1:" + origin.getAddress().getPort()
                + "/prompt.mp3", "10015");
        assertThat(literal.path("detail").asText()).contains("not a public address");
        JsonNode metadata = refused("POST", "/v2/media", "http://169.254.169.254/latest/meta-data", "10015");
        assertThat(metadata.path("detail").asText()).contains("169.254.169.254");
        JsonNode byName = refused("POST", "/v2/media", "http://localhost:" + origin.getAddress().getPort()
                + "/prompt.mp3", "10424");
        assertThat(byName.path("detail").asText()).contains("not a public address");
        assertThat(originHits).as("no request reached the origin").hasValue(0);
    }

    @Test
    void withoutTheGuardTheSameUrlsAreFetchedAndRedirectsFollowedWithinALimit() throws Exception {
        start(AudioUrlGuard.OFF);
        String base = "http://localhost:" + origin.getAddress().getPort();
        assertThat(post(base + "/prompt.mp3").statusCode()).isEqualTo(201);
        HttpResponse<String> moved = post(base + "/moved");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
        HttpResponse<String> loop = post(base + "/loop");
        assertThat(loop.statusCode()).isEqualTo(422);
        assertThat(loop.body()).contains("10424").contains("redirected more than");
    }

    private JsonNode refused(String method, String path, String url, String code) throws Exception {
        HttpResponse<String> r = send(method, path, url);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode error = Json.MAPPER.readTree(r.body()).path("errors").path(0);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("source").path("pointer").asText()).isEqualTo("/media_url");
        return error;
    }

    private HttpResponse<String> post(String url) throws Exception {
        return send("POST", "/v2/media", url);
    }

    private HttpResponse<String> send(String method, String path, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TestApi.KEY).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString("{\"media_url\":\"" + url + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void reply(HttpExchange ex, int status, byte[] body, String location) throws IOException {
        originHits.incrementAndGet();
        if (location != null) {
            ex.getResponseHeaders().set("Location", location);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
