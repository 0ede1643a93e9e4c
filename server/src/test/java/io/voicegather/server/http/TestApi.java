package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.assistants.AssistantCatalog;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * A started ApiServer on a loopback port with a recording CallControl, and a plain HTTP/1.1 client for it. As a
 * JUnit extension ({@code @RegisterExtension static final TestApi api = TestApi.perClass();}) one server serves a
 * whole test class: the recorded calls are cleared before each test and the server is closed after the last.
 */
final class TestApi implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
    static final String KEY = "KEY0123456789";
    static final String PUBLIC_KEY = "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=";

    /** A response with its body parsed, or body null when it was not JSON. */
    record Response(int status, String contentType, String raw, JsonNode body, HttpResponse<String> http) {
        String firstCode() {
            return body.get("errors").get(0).get("code").asText();
        }

        String firstPointer() {
            JsonNode src = body.get("errors").get(0).get("source");
            return src == null ? null : src.get("pointer").asText();
        }
    }

    final RecordingCallControl calls = new RecordingCallControl();
    final ApiServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    TestApi() throws IOException {
        this(ApiServerLimits.DEFAULT);
    }

    /** A started server to register as a class's extension (a static field initialiser cannot throw). */
    static TestApi perClass() {
        try {
            return new TestApi();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        calls.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    TestApi(ApiServerLimits limits) throws IOException {
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, calls, ApiKeys.anyOf(Set.of(KEY)),
                () -> PUBLIC_KEY, limits);
        server.start();
    }

    /** With /v2/ai/assistants served from {@code assistants}. */
    TestApi(AssistantCatalog assistants, String defaultModel) throws IOException {
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, calls, ApiKeys.anyOf(Set.of(KEY)),
                () -> PUBLIC_KEY, ApiServerLimits.DEFAULT, null, assistants, defaultModel);
        server.start();
    }

    URI uri(String rawPath) {
        return URI.create("http://127.0.0.1:" + server.port() + rawPath);
    }

    Response post(String rawPath, String body) throws Exception {
        return send("POST", rawPath, body, "Bearer " + KEY);
    }

    Response send(String method, String rawPath, String body, String authorization) throws Exception {
        return send(method, rawPath, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body), authorization);
    }

    Response send(String method, String rawPath, HttpRequest.BodyPublisher body, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(rawPath)).timeout(Duration.ofSeconds(30))
                .method(method, body).header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = Json.MAPPER.readTree(r.body());
        } catch (IOException notJson) {
            // left null; tests assert on it
        }
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), json, r);
    }

    @Override
    public void close() {
        server.close();
    }
}
