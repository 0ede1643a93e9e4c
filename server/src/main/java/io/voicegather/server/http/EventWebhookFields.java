package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.error.ApiError;
import io.voicegather.server.webhook.PrimaryRetries;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * answer's per-event-type webhook fields: {@code webhook_urls} (event type to URL, or to an array of one URL as the
 * newer SDKs type it) and
 * {@code webhook_retries_policies} (event type to {@code {"retries_ms": [...]}}). Any event type is accepted as a
 * key (Telnyx has many more than this server emits); keys are 1 to {@value #MAX_EVENT_TYPE_LENGTH} characters and
 * a map has at most {@value #MAX_ENTRIES} of them. Errors point at the entry, e.g.
 * {@code /webhook_urls/call.gather.ended} or {@code /webhook_retries_policies/call.hangup/retries_ms/2}.
 */
final class EventWebhookFields {
    static final int MAX_ENTRIES = 100;
    static final int MAX_EVENT_TYPE_LENGTH = 128;

    private EventWebhookFields() {
    }

    /** webhook_urls, or null when absent; a JSON null value means that event type is not mapped. */
    static Map<String, String> urls(BodyFields f) {
        String field = "webhook_urls";
        Map<String, JsonNode> entries = entries(f, field, "an object mapping event types to URLs");
        if (entries == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((type, given) -> {
            String pointer = "/" + field + "/" + JsonPointers.token(type);
            // Telnyx's OpenAPI types the value as a URL; its newer SDKs as an array of URLs. Both forms are taken;
            // an event goes to one URL here (plus the application's failover), so an array holds exactly one.
            JsonNode value = given;
            if (given.isArray()) {
                if (given.size() != 1) {
                    f.reject(invalid(pointer, "The value for '" + type + "' in '" + field + "' must be one URL "
                            + "(a string, or an array of exactly one); it has " + given.size() + "."));
                    return;
                }
                value = given.get(0);
                pointer = pointer + "/0";
            }
            if (!value.isTextual()) {
                f.reject(invalid(pointer, "The URL for '" + type + "' in '" + field + "' must be a string."));
            } else if (!AnswerRequestParser.isAbsoluteHttpUrl(value.textValue())) {
                f.reject(invalid(pointer, "The URL for '" + type + "' in '" + field + "' must be an absolute "
                        + "http or https URL of at most " + AnswerRequestParser.MAX_URL_LENGTH + " characters."));
            } else {
                out.put(type, value.textValue());
            }
        });
        return out;
    }

    /** webhook_retries_policies as event type to delays, or null when absent. */
    static Map<String, List<Integer>> retriesPolicies(BodyFields f) {
        String field = "webhook_retries_policies";
        Map<String, JsonNode> entries = entries(f, field, "an object mapping event types to {\"retries_ms\": [...]}");
        if (entries == null) {
            return null;
        }
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        entries.forEach((type, value) -> {
            String pointer = "/" + field + "/" + JsonPointers.token(type);
            if (!value.isObject()) {
                f.reject(invalid(pointer, "The policy for '" + type + "' must be an object with 'retries_ms'."));
                return;
            }
            List<Integer> delays = retries(f, value.get("retries_ms"), pointer + "/retries_ms", type);
            if (delays != null) {
                out.put(type, delays);
            }
        });
        return out;
    }

    private static List<Integer> retries(BodyFields f, JsonNode node, String pointer, String type) {
        String label = "'retries_ms' of '" + type + "'";
        if (node == null || node.isNull()) {
            f.reject(new ApiError(422, "10004", "Missing required parameter",
                    "The " + label + " parameter is required.", pointer));
            return null;
        }
        if (!node.isArray()) {
            f.reject(invalid(pointer, "The value of " + label + " must be an array of integers (milliseconds)."));
            return null;
        }
        if (node.size() > PrimaryRetries.MAX_RETRIES) {
            f.reject(invalid(pointer, "The value of " + label + " must have at most " + PrimaryRetries.MAX_RETRIES
                    + " delays, not " + node.size() + "."));
            return null;
        }
        List<Integer> delays = new ArrayList<>(node.size());
        boolean ok = true;
        long sum = 0;
        for (int i = 0; i < node.size(); i++) {
            JsonNode d = node.get(i);
            String at = pointer + "/" + i;
            Long ms = integral(d);
            if (ms == null) {
                f.reject(invalid(at, "Each delay of " + label + " must be an integer (milliseconds)."));
                ok = false;
            } else if (ms < 0 || ms > PrimaryRetries.MAX_TOTAL_MILLIS) {
                f.reject(new ApiError(422, "10033", "Value outside of range", "Each delay of " + label
                        + " must be in the allowed range 0 to " + PrimaryRetries.MAX_TOTAL_MILLIS + ".", at));
                ok = false;
            } else {
                delays.add(ms.intValue());
                sum += ms;
            }
        }
        if (ok && sum > PrimaryRetries.MAX_TOTAL_MILLIS) {
            f.reject(invalid(pointer, "The delays of " + label + " add up to " + sum + " ms; the total must be at most "
                    + PrimaryRetries.MAX_TOTAL_MILLIS + " ms."));
            return null;
        }
        return ok ? delays : null;
    }

    /** An integer, or a number with no fraction (as BodyFields reads integers); null for anything else. */
    private static Long integral(JsonNode d) {
        if (d == null) {
            return null;
        }
        if (d.isIntegralNumber()) {
            return d.canConvertToLong() ? d.longValue() : Long.MAX_VALUE;
        }
        if (d.isFloatingPointNumber()) {
            double v = d.doubleValue();
            if (!Double.isFinite(v) || v != Math.rint(v)) {
                return Double.isInfinite(v) ? Long.MAX_VALUE : null;
            }
            return v > Long.MAX_VALUE ? Long.MAX_VALUE : v < Long.MIN_VALUE ? Long.MIN_VALUE : (long) v;
        }
        return null;
    }

    /** The object's entries with JSON null values left out, keys checked; null when absent or not an object. */
    private static Map<String, JsonNode> entries(BodyFields f, String field, String what) {
        JsonNode node = f.present(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            f.reject(ApiError.invalidValue(field, "The value of '" + field + "' must be " + what + "."));
            return null;
        }
        if (node.size() > MAX_ENTRIES) {
            f.reject(ApiError.invalidValue(field, "The value of '" + field + "' must have at most " + MAX_ENTRIES
                    + " event types, not " + node.size() + "."));
            return null;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String type = e.getKey();
            if (type.isEmpty() || type.length() > MAX_EVENT_TYPE_LENGTH) {
                f.reject(invalid("/" + field + "/" + JsonPointers.token(type), "An event type in '" + field
                        + "' must be 1 to " + MAX_EVENT_TYPE_LENGTH + " characters long."));
            } else if (!e.getValue().isNull()) {
                out.put(type, e.getValue());
            }
        }
        return out;
    }

    private static ApiError invalid(String pointer, String detail) {
        return new ApiError(422, "10015", "Invalid value", detail, pointer);
    }
}
