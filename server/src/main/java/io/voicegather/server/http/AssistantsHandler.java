package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.assistants.AssistantCatalog;
import io.voicegather.server.ai.assistants.AssistantCatalogException;
import io.voicegather.server.ai.assistants.AssistantDefinition;
import io.voicegather.server.ai.assistants.StoredAssistant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * The assistants API under /v2/ai/assistants (docs/ai-assistants.md), in Telnyx's shape: create and update answer
 * the assistant object itself, the list answers {@code {"data": [...]}}, delete answers
 * {@code {"id", "object", "deleted"}}. Same order of checks as the rest of /v2: overload (429), auth (401),
 * route (404), method (405), then the request.
 */
final class AssistantsHandler implements HttpHandler {
    static final String BASE = "/v2/ai/assistants";
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    private static final Logger LOG = LoggerFactory.getLogger(AssistantsHandler.class);

    private final AssistantCatalog catalog;
    private final String defaultModel;
    private final Predicate<String> apiKeyCheck;
    private final int maxBodyBytes;

    /** @param defaultModel the model an assistant without one uses (shown as its {@code model}) */
    AssistantsHandler(AssistantCatalog catalog, String defaultModel, Predicate<String> apiKeyCheck, int maxBodyBytes) {
        this.catalog = catalog;
        this.defaultModel = defaultModel;
        this.apiKeyCheck = apiKeyCheck;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            int status = 200;
            byte[] body;
            try {
                body = Json.write(dispatch(exchange)).getBytes(StandardCharsets.UTF_8);
            } catch (ApiException e) {
                status = e.status();
                body = error(exchange, e.errors());
            } catch (AssistantCatalogException e) {
                ApiError error = from(e);
                status = error.status();
                body = error(exchange, List.of(error));
            } catch (RuntimeException | StackOverflowError e) {
                LOG.error("unexpected failure handling {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                status = 500;
                body = error(exchange, List.of(HttpErrors.internal()));
            }
            ResourceGate.sendJson(exchange, status, body);
        } catch (IOException e) {
            LOG.debug("I/O error on assistants exchange: {}", e.toString());
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        ResourceGate.admit(exchange, apiKeyCheck);
        String path = exchange.getRequestURI().getRawPath();
        String rest = path.substring(BASE.length());
        if (!(rest.isEmpty() || rest.startsWith("/"))) {
            throw new ApiException(HttpErrors.notFound()); // e.g. /v2/ai/assistantsX, which only shares the prefix
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1); // one trailing slash is tolerated, as elsewhere
        }
        String method = exchange.getRequestMethod();
        if (rest.isEmpty()) {
            ResourceGate.checkMethod(exchange, method, "GET, POST");
            if (method.equals("GET")) {
                return list();
            }
            String key = idempotencyKey(exchange);
            return render(catalog.create(AssistantDefinitionParser.read(body(exchange)), key));
        }
        String raw = rest.substring(1);
        if (raw.isEmpty() || raw.contains("/")) {
            throw new ApiException(HttpErrors.notFound());
        }
        String id = decode(raw);
        ResourceGate.checkMethod(exchange, method, "GET, POST, DELETE");
        return switch (method) {
            case "GET" -> render(catalog.find(id).orElseThrow(() -> AssistantCatalogException.notFound(id)));
            case "POST" -> {
                StoredAssistant old = catalog.find(id).orElseThrow(() -> AssistantCatalogException.notFound(id));
                if (old.fromFile()) {
                    throw AssistantCatalogException.readOnly(id); // before the body is read
                }
                AssistantDefinition merged = AssistantDefinitionParser.merge(old.definition(), body(exchange));
                yield render(catalog.update(id, merged));
            }
            case "DELETE" -> {
                StoredAssistant gone = catalog.delete(id);
                ObjectNode out = Json.object();
                out.put("id", gone.id()).put("object", "assistant").put("deleted", true);
                yield out;
            }
            default -> throw new IllegalStateException("unrouted method " + method);
        };
    }

    private ObjectNode list() {
        ObjectNode out = Json.object();
        ArrayNode data = out.putArray("data");
        for (StoredAssistant a : catalog.list()) {
            data.add(render(a));
        }
        return out;
    }

    /** id, name, model, instructions and created_at first, then every other field as it was sent. */
    private ObjectNode render(StoredAssistant a) {
        ObjectNode json = a.definition().json();
        ObjectNode out = Json.object();
        out.put("id", a.id());
        out.set("name", json.get("name"));
        out.put("model", json.hasNonNull("model") ? json.get("model").asText() : defaultModel);
        out.set("instructions", json.get("instructions"));
        out.put("created_at", a.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        json.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The {@code Idempotency-Key} header of a create: 1 to 255 characters, or absent. */
    private static String idempotencyKey(HttpExchange exchange) {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw new ApiException(new ApiError(422, "10015", "Invalid value",
                    "The Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters.", null));
        }
        return key;
    }

    private ObjectNode body(HttpExchange exchange) throws IOException {
        return RequestBodies.parseObject(RequestBodies.read(exchange.getRequestBody(),
                exchange.getRequestHeaders().getFirst("Content-Length"), maxBodyBytes));
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AssistantCatalogException.notFound(raw);
        }
    }

    private static ApiError from(AssistantCatalogException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> new ApiError(404, "10007", "Resource not found", e.getMessage(), null);
            case READ_ONLY -> new ApiError(403, "10403", "Assistant is read-only", e.getMessage(), null);
        };
    }

    private static byte[] error(HttpExchange exchange, List<ApiError> errors) {
        ResourceGate.addErrorHeaders(exchange, errors.get(0));
        return Json.errorBody(errors).getBytes(StandardCharsets.UTF_8);
    }
}
