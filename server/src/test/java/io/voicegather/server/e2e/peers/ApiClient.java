package io.voicegather.server.e2e.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The test side of the REST API: POST /v2/calls/{id}/actions/{action} with a JSON body and a Bearer key, over
 * HTTP/1.1. No retries, so a test sees exactly what the server answered. Thread-safe.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Status, raw body and the body parsed as JSON (null when it is not JSON). */
    public record Response(int status, String body, JsonNode json) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String apiKey;

    /** base: e.g. http://127.0.0.1:8080 (the /v2 prefix is added here). */
    public ApiClient(URI base, String apiKey) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.apiKey = apiKey;
    }

    /** POST /v2/calls/{callControlId}/actions/{action}; the id is sent with ':' unescaped (as the Node SDK does). */
    public Response action(String callControlId, String action, String jsonBody)
            throws IOException, InterruptedException {
        return post("/v2/calls/" + pathSegment(callControlId) + "/actions/" + action, jsonBody);
    }

    public Response action(String callControlId, String action, JsonNode body) throws IOException, InterruptedException {
        return action(callControlId, action, JSON.writeValueAsString(body));
    }

    public Response post(String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode json;
        try {
            json = res.body().isEmpty() ? null : JSON.readTree(res.body());
        } catch (IOException e) {
            json = null;
        }
        return new Response(res.statusCode(), res.body(), json);
    }

    /** Percent-encodes all but RFC 3986 unreserved characters and ':'. */
    static String pathSegment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }
}
