package io.voicegather.server.http;

import com.sun.net.httpserver.HttpExchange;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;

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

    /** WWW-Authenticate for 401, Connection: close for 413 (the body was not all read), Retry-After for 429. */
    static void addErrorHeaders(HttpExchange exchange, ApiError first) {
        switch (first.status()) {
            case 401 -> exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            case 413 -> exchange.getResponseHeaders().set("Connection", "close");
            case 429 -> exchange.getResponseHeaders().set("Retry-After", "1");
            default -> {
            }
        }
    }
}
