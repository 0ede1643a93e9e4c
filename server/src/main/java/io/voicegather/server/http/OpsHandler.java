package io.voicegather.server.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.ops.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The operator's endpoints, outside {@code /v2} (docs/operations.md): {@code GET /health} (the process serves
 * HTTP) and {@code GET /ready} (it takes calls: 503 while starting or stopping), both without a key and with no
 * data; {@code GET /metrics}, the Prometheus text format, and {@code POST /admin/drain} (take no new calls, let the
 * live ones finish, then stop), behind the API key like the API.
 */
final class OpsHandler implements HttpHandler {
    static final String HEALTH = "/health";
    static final String READY = "/ready";
    static final String METRICS = "/metrics";
    static final String DRAIN = "/admin/drain";
    private static final byte[] DRAINING = "{\"data\":{\"result\":\"draining\"}}".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(OpsHandler.class);
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_READY = "not ready\n".getBytes(StandardCharsets.US_ASCII);

    private final Metrics metrics;
    private final BooleanSupplier ready;
    private final Runnable drain;
    private final Predicate<String> apiKeyCheck;

    OpsHandler(Metrics metrics, BooleanSupplier ready, Runnable drain, Predicate<String> apiKeyCheck) {
        this.metrics = metrics;
        this.ready = ready;
        this.drain = drain;
        this.apiKeyCheck = apiKeyCheck;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                answer(exchange);
            } catch (ApiException e) {
                ResourceGate.addErrorHeaders(exchange, e.errors().get(0));
                ResourceGate.sendJson(exchange, e.status(), Json.errorBody(e.errors()).getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                LOG.error("unexpected failure handling {}", exchange.getRequestURI().getRawPath(), e);
                ResourceGate.sendJson(exchange, 500,
                        Json.errorBody(List.of(HttpErrors.internal())).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.debug("I/O error on HTTP exchange: {}", e.toString());
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals(HEALTH) && !path.equals(READY) && !path.equals(METRICS) && !path.equals(DRAIN)) {
            throw new ApiException(HttpErrors.notFound()); // a context matches by prefix: /healthz lands here too
        }
        String method = exchange.getRequestMethod();
        if (path.equals(DRAIN)) {
            if (!method.equals("POST")) {
                throw new ApiException(HttpErrors.methodNotAllowed(method, "POST"));
            }
            requireKey(exchange);
            drain.run();
            send(exchange, 202, "application/json", DRAINING);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiException(HttpErrors.methodNotAllowed(method, "GET"));
        }
        switch (path) {
            case HEALTH -> send(exchange, 200, "text/plain; charset=utf-8", OK);
            case READY -> {
                boolean yes = ready.getAsBoolean();
                if (!yes) {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                }
                send(exchange, yes ? 200 : 503, "text/plain; charset=utf-8", yes ? OK : NOT_READY);
            }
            default -> {
                requireKey(exchange);
                send(exchange, 200, Metrics.contentType(), metrics.scrape());
            }
        }
    }

    private void requireKey(HttpExchange exchange) {
        String token = ApiKeys.bearerToken(exchange.getRequestHeaders().getFirst("Authorization"));
        if (token == null || !apiKeyCheck.test(token)) {
            throw new ApiException(ApiError.unauthorized());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
