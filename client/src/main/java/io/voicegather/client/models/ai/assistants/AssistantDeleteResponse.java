package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.client.errors.VoicegatherException;

import java.util.Map;
import java.util.Set;

/** The answer to {@code DELETE /ai/assistants/{assistant_id}}: {@code {"id", "object": "assistant", "deleted"}}. */
public final class AssistantDeleteResponse {
    private static final Set<String> KNOWN = Set.of("id", "object", "deleted");

    private final ObjectNode json;

    private AssistantDeleteResponse(ObjectNode json) {
        this.json = json;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AssistantDeleteResponse fromJson(ObjectNode json) {
        return new AssistantDeleteResponse(json.deepCopy());
    }

    public String id() {
        return JsonFields.requiredText(json, "id", "delete response");
    }

    /** The {@code object} field, {@code "assistant"} (named as in the official SDK, {@code object} being taken). */
    public String modelObject() {
        return JsonFields.requiredText(json, "object", "delete response");
    }

    public boolean deleted() {
        return JsonFields.bool(json, "deleted")
                .orElseThrow(() -> new VoicegatherException("'deleted' is missing from the delete response"));
    }

    /** Fields besides id, object and deleted. */
    public Map<String, JsonNode> additionalProperties() {
        return JsonFields.others(json, KNOWN);
    }

    /** The whole answer (a copy). */
    @JsonValue
    public ObjectNode _json() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssistantDeleteResponse r && r.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "AssistantDeleteResponse" + json;
    }
}
