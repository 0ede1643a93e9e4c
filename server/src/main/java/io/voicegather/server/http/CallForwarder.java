package io.voicegather.server.http;

import com.sun.net.httpserver.HttpExchange;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.call.CallIds;
import io.voicegather.server.config.ClusterSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sends a call's command (or {@code GET /v2/calls/{id}}) that reached this node to the node that owns the call, as
 * its call_control_id says, and answers with that node's answer unchanged: status, body and the headers that matter
 * (docs/cluster.md). A forwarded request carries {@value #FORWARDED_BY}, and is never forwarded again: a node that
 * gets one for a call it does not have answers it as an unknown call.
 * <p>
 * An owner that cannot be reached (stopped, crashed, its address gone) is answered as an ended call: 422 90018.
 * <p>
 * Threading: the HTTP worker that took the request waits for the owner's answer, at most {@link #TIMEOUT} (longer
 * than the owner's own bounded command wait).
 */
final class CallForwarder {
    static final String FORWARDED_BY = "X-Voicegather-Forwarded-By";
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept");
    private static final List<String> RESPONSE_HEADERS =
            List.of("Content-Type", "Retry-After", "WWW-Authenticate", "Allow");

    private final ClusterSettings cluster;
    private final Predicate<String> apiKeyCheck;
    private final int maxBodyBytes;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER).build();

    CallForwarder(ClusterSettings cluster, Predicate<String> apiKeyCheck, int maxBodyBytes) {
        this.cluster = cluster;
        this.apiKeyCheck = apiKeyCheck;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Answers the request with the owner's answer when it is for a call another node owns, and says so; false
     * (nothing read, nothing sent) when this node answers it itself.
     */
    boolean forwarded(HttpExchange exchange) throws IOException {
        URI owner = ownerElsewhere(exchange);
        if (owner == null) {
            return false;
        }
        String method = exchange.getRequestMethod();
        byte[] body = "GET".equals(method) ? new byte[0] : RequestBodies.read(exchange.getRequestBody(),
                exchange.getRequestHeaders().getFirst("Content-Length"), maxBodyBytes);
        URI target = owner.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(FORWARDED_BY, Integer.toString(cluster.nodeId()));
        for (String name : REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(ApiError.callEnded()); // its node is gone, and the call with it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ApiError.callEnded());
        }
        for (String name : RESPONSE_HEADERS) {
            answer.headers().firstValue(name).ifPresent(v -> exchange.getResponseHeaders().set(name, v));
        }
        byte[] bytes = answer.body();
        exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        return true;
    }

    /** The API of the other node that owns the request's call, or null when this node answers the request. */
    private URI ownerElsewhere(HttpExchange exchange) {
        if (exchange.getRequestHeaders().containsKey(FORWARDED_BY)) {
            return null; // forwarded once already: never again, whatever the id says
        }
        String path = exchange.getRequestURI().getRawPath();
        if (path == null || !Router.underBase(path)) {
            return null;
        }
        Router.Match match = Router.match(path);
        if (match == null || match.rawCallControlId() == null || !match.endpoint().allows(exchange.getRequestMethod())) {
            return null;
        }
        String token = ApiKeys.bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
        if (token == null || !apiKeyCheck.test(token)) {
            return null; // refused here, as any request without the key
        }
        String id;
        try {
            id = PathSegmentDecoder.decodeCallControlId(match.rawCallControlId());
        } catch (ApiException e) {
            return null; // answered here with its error
        }
        return cluster.otherNode(CallIds.nodeOf(id));
    }
}
