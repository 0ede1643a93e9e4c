package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Read access to our openapi.json for the tests: the document, its command operations and their schemas. */
final class OpenApiSpec {
    /** One documented command: path, method, request schema (resolved) and its named examples. */
    record Command(String path, String method, String action, JsonNode schema, Map<String, JsonNode> examples) {
    }

    final JsonNode document;
    final JsonSchemaCheck check;

    OpenApiSpec(JsonNode document) {
        this.document = document;
        this.check = new JsonSchemaCheck(document);
    }

    static OpenApiSpec fromClasspath() throws IOException {
        try (InputStream in = OpenApiSpec.class.getResourceAsStream(OpenApiDocument.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + OpenApiDocument.RESOURCE + " on the class path");
            }
            return new OpenApiSpec(Json.MAPPER.readTree(in));
        }
    }

    /** Follows $ref chains to the schema itself. */
    JsonNode deref(JsonNode schema) {
        while (schema.has("$ref")) {
            schema = check.resolve(schema.get("$ref").asText());
        }
        return schema;
    }

    List<Command> commands() {
        List<Command> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                JsonNode media = op.getValue().path("requestBody").path("content").path("application/json");
                if (media.isMissingNode()) {
                    continue;
                }
                Map<String, JsonNode> examples = new java.util.LinkedHashMap<>();
                media.path("examples").fields().forEachRemaining(e -> examples.put(e.getKey(), e.getValue().get("value")));
                String action = p.getKey().substring(p.getKey().lastIndexOf('/') + 1);
                out.add(new Command(p.getKey(), op.getKey().toUpperCase(java.util.Locale.ROOT), action,
                        deref(media.get("schema")), examples));
            }
        }
        return out;
    }

    /** The server path of a documented path: the servers' "/v2" prefix and a concrete call_control_id. */
    static String concretePath(String documented, String callControlId) {
        return "/v2" + documented.replace("{call_control_id}", callControlId);
    }
}
