package io.voicegather.server.ai.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Placeholder until the validator-backed version lands: required fields only. */
public final class ParametersSchema {
    private final ObjectNode schema;
    private final List<Field> fields = new ArrayList<>();

    private ParametersSchema(ObjectNode schema) {
        this.schema = schema;
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(n -> required.add(n.asText()));
        schema.path("properties").fields().forEachRemaining(e -> fields.add(new Field(e.getKey(),
                (ObjectNode) e.getValue(), required.contains(e.getKey()), e.getValue().path("description").asText(null))));
    }

    public static ParametersSchema compile(ObjectNode parameters) {
        return new ParametersSchema(parameters);
    }

    public ObjectNode schema() {
        return schema;
    }

    public List<Field> fields() {
        return fields;
    }

    public List<String> validate(ObjectNode result) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.required() && (result.get(f.name()) == null || result.get(f.name()).isNull())) {
                out.add(f.name() + " is missing");
            }
        }
        return out;
    }

    public String problem(String field, JsonNode value) {
        return null;
    }

    public record Field(String name, ObjectNode schema, boolean required, String description) {
    }
}
