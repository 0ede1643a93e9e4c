package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that our openapi.json uses: type (one or a list),
 * properties, required, additionalProperties false, enum, minimum/maximum, minLength/maxLength, pattern, items,
 * minItems/maxItems, oneOf, and $ref into the same document. Annotations (description, default, format, examples)
 * are ignored. Any other validation keyword fails the check, so that the document cannot quietly outgrow it.
 */
final class JsonSchemaCheck {
    private static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties",
            "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "items", "minItems", "maxItems",
            "oneOf", "$ref", "description", "default", "format", "examples", "example", "title");

    private final JsonNode document;

    JsonSchemaCheck(JsonNode document) {
        this.document = document;
    }

    /** The node a local reference ("#/components/schemas/X") points to, or null when it resolves to nothing. */
    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            return null;
        }
        JsonNode n = document.at(ref.substring(1));
        return n.isMissingNode() ? null : n;
    }

    /** Every problem of value against schema; empty when it validates. */
    List<String> validate(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "", problems, 0);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> out, int depth) {
        if (depth > 64) {
            out.add(at + ": schema nesting too deep (a $ref cycle?)");
            return;
        }
        Iterator<String> names = schema.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!SUPPORTED.contains(k)) {
                out.add(at + ": unsupported schema keyword '" + k + "'");
            }
        }
        if (schema.has("$ref")) {
            JsonNode target = resolve(schema.get("$ref").asText());
            if (target == null) {
                out.add(at + ": unresolved $ref " + schema.get("$ref").asText());
                return;
            }
            check(target, value, at, out, depth + 1);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            out.add(at + ": " + kind(value) + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= sameValue(e, value);
            }
            if (!found) {
                out.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode alternative : schema.get("oneOf")) {
                matches += validate(alternative, value).isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                out.add(at + ": " + value + " matches " + matches + " of the oneOf alternatives, not exactly 1");
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                out.add(at + ": " + value + " < minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                out.add(at + ": " + value + " > maximum " + schema.get("maximum"));
            }
        }
        if (value.isTextual()) {
            int length = value.textValue().codePointCount(0, value.textValue().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                out.add(at + ": length " + length + " < minLength " + schema.get("minLength"));
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                out.add(at + ": length " + length + " > maxLength " + schema.get("maxLength"));
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText())
                    .matcher(value.textValue()).find()) {
                out.add(at + ": '" + value.textValue() + "' does not match " + schema.get("pattern"));
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(at + ": " + value.size() + " items < minItems " + schema.get("minItems"));
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                out.add(at + ": " + value.size() + " items > maxItems " + schema.get("maxItems"));
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), at + "/" + i, out, depth + 1);
                }
            }
        }
        if (value.isObject()) {
            if (schema.has("required")) {
                for (JsonNode r : schema.get("required")) {
                    if (!value.has(r.asText())) {
                        out.add(at + ": required property '" + r.asText() + "' is missing");
                    }
                }
            }
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (properties.has(f.getKey())) {
                    check(properties.get(f.getKey()), f.getValue(), at + "/" + f.getKey(), out, depth + 1);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    out.add(at + ": property '" + f.getKey() + "' is not in the schema");
                }
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "number" -> value.isNumber();
            // JSON Schema counts 4.0 as an integer, like the request parsers do
            case "integer" -> value.isIntegralNumber()
                    || (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue()));
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
