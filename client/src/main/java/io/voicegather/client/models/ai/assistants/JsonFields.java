package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.client.errors.VoicegatherException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reading helpers for the assistant models, which keep the whole JSON object they were read from so that fields this
 * client has no accessor for survive a read and a re-send.
 */
final class JsonFields {
    private JsonFields() {
    }

    /** A present, non-null text field; fails like the official SDKs when the server left it out. */
    static String requiredText(ObjectNode json, String name, String owner) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) {
            throw new VoicegatherException("'" + name + "' is missing from the " + owner);
        }
        return n.asText();
    }

    static Optional<String> text(ObjectNode json, String name) {
        JsonNode n = json.get(name);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    static Optional<Boolean> bool(ObjectNode json, String name) {
        JsonNode n = json.get(name);
        return n == null || !n.isBoolean() ? Optional.empty() : Optional.of(n.booleanValue());
    }

    /** Any field converted to {@code type} (Maps, Lists, models), absent when missing or null. */
    static <T> Optional<T> convert(ObjectNode json, String name, Class<T> type) {
        JsonNode n = json.get(name);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(Json.MAPPER.convertValue(n, type));
    }

    /** The fields not in {@code known}, in their order, as JSON trees. */
    static Map<String, JsonNode> others(ObjectNode json, Set<String> known) {
        LinkedHashMap<String, JsonNode> out = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().deepCopy());
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** Sets {@code name} to {@code value} as JSON (any value Jackson can serialise), or removes it for null. */
    static void putOrRemove(ObjectNode json, String name, Object value) {
        if (value == null) {
            json.remove(name);
        } else {
            json.set(name, Json.MAPPER.valueToTree(value));
        }
    }
}
