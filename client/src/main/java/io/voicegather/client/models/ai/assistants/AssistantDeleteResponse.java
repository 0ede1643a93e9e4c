package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.client.errors.VoicegatherException;

import java.util.Set;

/** The answer to {@code DELETE /ai/assistants/{assistant_id}}: {@code {"id", "object": "assistant", "deleted"}}. */
public final class AssistantDeleteResponse extends JsonObjectModel {
    private static final Set<String> KNOWN = Set.of("id", "object", "deleted");

    private AssistantDeleteResponse(ObjectNode json) {
        super(json, KNOWN);
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
}
