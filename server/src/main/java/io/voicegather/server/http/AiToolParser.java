package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiTool;
import io.voicegather.api.error.ApiError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An assistant's {@code tools}: each item {@code {"type": T, T: {...}}}. webhook and hangup are run by this server;
 * transfer, retrieval, book_appointment and check_availability are accepted and kept as sent but never offered to
 * the language model; any other type is refused.
 */
final class AiToolParser {
    static final List<String> TYPES = List.of("webhook", "hangup", "transfer", "retrieval", "book_appointment",
            "check_availability");
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_DESCRIPTION_LENGTH = 4096;
    /** What language-model APIs accept as a function name. */
    static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private AiToolParser() {
    }

    /** Null when absent or invalid (errors recorded). */
    static List<AiTool> tools(BodyFields f) {
        ArrayNode array = AiFields.array(f, "tools");
        if (array == null) {
            return null;
        }
        List<AiTool> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                f.reject(ApiError.invalidValue(f.path("tools/" + i),
                        "Each item of '" + f.label("tools") + "' must be an object with a 'type'."));
                ok = false;
                continue;
            }
            AiTool tool = tool(f.nested("tools/" + i, (ObjectNode) array.get(i)));
            ok &= tool != null;
            out.add(tool);
        }
        return ok ? out : null;
    }

    private static AiTool tool(BodyFields t) {
        if (t.present("type") == null) {
            t.reject(t.missing("type"));
            return null;
        }
        String type = AiFields.oneOf(t, "type", TYPES, null);
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "webhook" -> webhook(t);
            case "hangup" -> hangup(t);
            default -> {
                AiFields.object(t, type); // kept as sent; only its shape is checked
                yield t.hasErrorFor(type) ? null : new AiTool.Unsupported(type, t.object());
            }
        };
    }

    private static AiTool.Hangup hangup(BodyFields t) {
        ObjectNode params = AiFields.object(t, "hangup");
        if (params == null) {
            return t.hasErrorFor("hangup") ? null : new AiTool.Hangup(AiTool.Hangup.DEFAULT_DESCRIPTION);
        }
        BodyFields h = t.nested("hangup", params);
        String description = h.string("description", 1, MAX_DESCRIPTION_LENGTH);
        if (h.hasErrorFor("description")) {
            return null;
        }
        return new AiTool.Hangup(description != null ? description : AiTool.Hangup.DEFAULT_DESCRIPTION);
    }

    private static AiTool.Webhook webhook(BodyFields t) {
        ObjectNode params = AiFields.object(t, "webhook");
        if (params == null) {
            if (!t.hasErrorFor("webhook")) {
                t.reject(t.missing("webhook"));
            }
            return null;
        }
        BodyFields w = t.nested("webhook", params);
        String name = w.requiredString("name", 64);
        if (name != null && !TOOL_NAME.matcher(name).matches()) {
            w.reject(ApiError.invalidValue(w.path("name"), "The value of '" + w.label("name")
                    + "' must be 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'."));
            name = null;
        }
        String description = w.requiredString("description", MAX_DESCRIPTION_LENGTH);
        String url = url(w);
        String method = AiFields.oneOf(w, "method", METHODS, "POST");
        List<AiTool.Header> headers = headers(w);
        ObjectNode body = jsonSchemaObject(w, "body_parameters");
        ObjectNode query = jsonSchemaObject(w, "query_parameters");
        ObjectNode path = jsonSchemaObject(w, "path_parameters");
        if (name == null || description == null || url == null || method == null || headers == null
                || w.hasErrorFor("body_parameters") || w.hasErrorFor("query_parameters")
                || w.hasErrorFor("path_parameters")) {
            return null;
        }
        return new AiTool.Webhook(name, description, url, method.toUpperCase(Locale.ROOT), headers, body, query, path);
    }

    /** Required; http or https; may hold {placeholders}, so it is checked by its scheme and length only. */
    private static String url(BodyFields w) {
        String url = w.requiredString("url", MAX_URL_LENGTH);
        if (url == null) {
            return null;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        boolean ok = (lower.startsWith("http://") || lower.startsWith("https://"))
                && url.length() > (lower.startsWith("https") ? 8 : 7)
                && url.chars().noneMatch(c -> c <= ' ' || c == 0x7f);
        if (!ok) {
            w.reject(ApiError.invalidValue(w.path("url"), "The value of '" + w.label("url")
                    + "' must be an absolute http or https URL (it may contain {placeholders})."));
            return null;
        }
        return url;
    }

    private static List<AiTool.Header> headers(BodyFields w) {
        ArrayNode array = AiFields.array(w, "headers");
        if (array == null) {
            return w.hasErrorFor("headers") ? null : List.of();
        }
        List<AiTool.Header> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isObject()) {
                w.reject(ApiError.invalidValue(w.path("headers/" + i),
                        "Each item of '" + w.label("headers") + "' must be an object {name, value}."));
                ok = false;
                continue;
            }
            BodyFields h = w.nested("headers/" + i, (ObjectNode) array.get(i));
            if (h.present("name") == null) {
                continue; // the SDKs make the name optional; a header without one cannot be sent, so it is skipped
            }
            String name = h.requiredString("name", MAX_DESCRIPTION_LENGTH);
            String value = h.string("value", 0, MAX_DESCRIPTION_LENGTH);
            if (name == null || h.hasErrorFor("value")) {
                ok = false;
                continue;
            }
            out.add(new AiTool.Header(name, value == null ? "" : value));
        }
        return ok ? out : null;
    }

    /** An object (a JSON Schema of type object, as sent); its content is the application's business. */
    private static ObjectNode jsonSchemaObject(BodyFields w, String name) {
        ObjectNode n = AiFields.object(w, name);
        if (n == null) {
            return null;
        }
        JsonNode properties = n.get("properties");
        if (properties != null && !properties.isNull() && !properties.isObject()) {
            w.reject(ApiError.invalidValue(w.path(name + "/properties"),
                    "The value of '" + w.label(name + "/properties") + "' must be an object."));
            return null;
        }
        return n;
    }
}
