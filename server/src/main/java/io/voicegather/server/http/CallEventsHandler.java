package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.api.json.Json;
import io.voicegather.server.ops.CallEventLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /v2/call_events}: Telnyx's debugging API over this node's {@link CallEventLog}, with Telnyx's filters
 * and page parameters, newest first (docs/call-events.md).
 */
final class CallEventsHandler implements HttpHandler {
    static final String PATH = "/v2/call_events";
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 250;
    private static final Logger LOG = LoggerFactory.getLogger(CallEventsHandler.class);
    /** Filters of the SDK's CallEventListParams that have no meaning on this server: accepted, not applied. */
    private static final Set<String> NOT_APPLIED = Set.of("filter[application_name][contains]",
            "filter[outbound.outbound_voice_profile_id]", "filter[status]");

    private final CallEventLog log;
    private final Predicate<String> apiKeyCheck;

    CallEventsHandler(CallEventLog log, Predicate<String> apiKeyCheck) {
        this.log = log;
        this.apiKeyCheck = apiKeyCheck;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try (exchange) {
            byte[] body;
            int status = 200;
            try {
                body = answer(exchange);
            } catch (ApiException e) {
                ResourceGate.addErrorHeaders(exchange, e.errors().get(0));
                body = Json.errorBody(e.errors()).getBytes(StandardCharsets.UTF_8);
                status = e.status();
            } catch (RuntimeException e) {
                LOG.error("unexpected failure handling {}", exchange.getRequestURI(), e);
                body = Json.errorBody(List.of(HttpErrors.internal())).getBytes(StandardCharsets.UTF_8);
                status = 500;
            }
            ResourceGate.sendJson(exchange, status, body);
        } catch (IOException e) {
            LOG.debug("I/O error on call_events exchange: {}", e.toString());
        }
    }

    private byte[] answer(HttpExchange exchange) {
        ResourceGate.admit(exchange, apiKeyCheck);
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals(PATH) && !path.equals(PATH + "/")) {
            throw new ApiException(HttpErrors.notFound());
        }
        ResourceGate.checkMethod(exchange, exchange.getRequestMethod(), "GET");
        return page(log, exchange.getRequestURI().getRawQuery());
    }

    /** The JSON answer to a call_events query string: a page of matching entries and its meta. */
    static byte[] page(CallEventLog log, String rawQuery) {
        Map<String, List<String>> query = QueryParameters.parse(rawQuery);
        int number = (int) QueryParameters.page(query, "number", 1, Integer.MAX_VALUE);
        int size = (int) QueryParameters.page(query, "size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
        CallEventLog.Page page = log.find(filter(query), number, size);

        ObjectNode root = Json.object();
        ArrayNode data = root.putArray("data");
        for (CallEventLog.Entry e : page.entries()) {
            ObjectNode item = data.addObject();
            item.put("record_type", "call_event");
            item.put("call_leg_id", e.callLegId());
            item.put("call_session_id", e.callSessionId());
            item.put("event_timestamp", e.at().toString());
            item.put("name", e.name());
            item.put("type", e.type().name().toLowerCase(Locale.ROOT));
            ObjectNode metadata = e.metadata() != null ? e.metadata().deepCopy() : Json.object();
            if (e.type() == CallEventLog.Type.WEBHOOK && metadata.hasNonNull("id")) {
                metadata.set("deliveries", log.deliveries(metadata.get("id").asText()));
            }
            item.set("metadata", metadata);
        }
        ObjectNode meta = root.putObject("meta");
        meta.put("page_number", number);
        meta.put("page_size", size);
        meta.put("total_pages", Math.max(1, (page.totalResults() + size - 1) / size));
        meta.put("total_results", page.totalResults());
        return Json.write(root).getBytes(StandardCharsets.UTF_8);
    }

    /** Every filter the request names, all of which an entry must meet. Unknown parameters are refused. */
    private static Predicate<CallEventLog.Entry> filter(Map<String, List<String>> query) {
        Predicate<CallEventLog.Entry> all = e -> true;
        for (String key : query.keySet()) {
            String value = QueryParameters.last(query, key);
            Predicate<CallEventLog.Entry> one = switch (key) {
                case "page[number]", "page[size]", "page_number", "page_size" -> null;
                case "filter[leg_id]" -> e -> value.equals(e.callLegId());
                case "filter[application_session_id]" -> e -> value.equals(e.callSessionId());
                case "filter[connection_id]" -> e -> value.equals(e.connectionId());
                case "filter[from]" -> e -> value.equals(e.from());
                case "filter[to]" -> e -> value.equals(e.to());
                case "filter[name]" -> e -> value.equals(e.name());
                case "filter[type]" -> {
                    CallEventLog.Type type = switch (value) {
                        case "command" -> CallEventLog.Type.COMMAND;
                        case "webhook" -> CallEventLog.Type.WEBHOOK;
                        default -> throw new ApiException(ApiError.invalidEnum(key, "command, webhook"));
                    };
                    yield e -> e.type() == type;
                }
                case "filter[failed]" -> {
                    boolean failed = switch (value) {
                        case "true" -> true;
                        case "false" -> false;
                        default -> throw new ApiException(ApiError.invalidEnum(key, "true, false"));
                    };
                    yield e -> e.failed() == failed;
                }
                case "filter[product]" -> {
                    if (!List.of("call_control", "fax", "texml").contains(value)) {
                        throw new ApiException(ApiError.invalidEnum(key, "call_control, fax, texml"));
                    }
                    boolean ours = value.equals("call_control"); // every event here is Call Control's
                    yield e -> ours;
                }
                case "filter[occurred_at][eq]" -> at(key, value, 0, 0);
                case "filter[occurred_at][gt]" -> at(key, value, 1, 1);
                case "filter[occurred_at][gte]" -> at(key, value, 0, 1);
                case "filter[occurred_at][lt]" -> at(key, value, -1, -1);
                case "filter[occurred_at][lte]" -> at(key, value, -1, 0);
                default -> {
                    if (NOT_APPLIED.contains(key)) {
                        yield null;
                    }
                    throw new ApiException(ApiError.invalidValue(key, "Unknown query parameter '" + key
                            + "'. See docs/call-events.md for the filters this server takes."));
                }
            };
            if (one != null) {
                all = all.and(one);
            }
        }
        return all;
    }

    /** Entries whose time compared with {@code value} is from {@code low} to {@code high} (-1 before, 0 at, 1 after). */
    private static Predicate<CallEventLog.Entry> at(String key, String value, int low, int high) {
        Instant t;
        try {
            t = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ApiError.invalidValue(key, "'" + value
                    + "' is not an ISO 8601 time in UTC, e.g. 2026-12-07T10:15:30Z."));
        }
        return e -> {
            int c = Integer.signum(e.at().compareTo(t));
            return c >= low && c <= high;
        };
    }
}
