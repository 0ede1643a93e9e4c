package io.voicegather.server.http;

import com.sun.net.httpserver.HttpExchange;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Predicate;

/** What every /v2 resource handler checks first, and the headers its error answers carry. */
final class ResourceGate {
    private ResourceGate() {
    }

    /** Overload (429) first, so that nothing else is looked at; then the API key (401). */
    static void admit(HttpExchange exchange, Predicate<String> apiKeyCheck) {
        if (LoadSheddingExecutor.overloaded()) {
            throw new ApiException(HttpErrors.tooManyRequests());
        }
        String token = ApiKeys.bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
        if (token == null || !apiKeyCheck.test(token)) {
            throw new ApiException(ApiError.unauthorized());
        }
    }

    /** A method outside {@code allowed} (e.g. "GET, POST") is 405 with an Allow header. */
    static void checkMethod(HttpExchange exchange, String method, String allowed) {
        if (!List.of(allowed.split(", ")).contains(method)) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new ApiException(HttpErrors.methodNotAllowed(method, allowed));
        }
    }

    /** A JSON answer; a HEAD answer carries no body. */
    static void sendJson(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** WWW-Authenticate for 401, Connection: close for 413 (the body was not all read), Retry-After for 429. */
    static void addErrorHeaders(HttpExchange exchange, ApiError first) {
        switch (first.status()) {
            case 401 -> exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            case 413 -> exchange.getResponseHeaders().set("Connection", "close");
            case 429, 503 -> exchange.getResponseHeaders().set("Retry-After", "1");
            default -> {
            }
        }
    }
}
