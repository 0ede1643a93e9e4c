package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.client.errors.VoicegatherException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The answer to {@code GET /ai/assistants}: {@code {"data": [assistant, ...]}}, the assistants file's first (in file
 * order), then the created ones, oldest first. Other top-level fields are kept. Immutable.
 */
public final class AssistantsList extends JsonObjectModel {
    private static final Set<String> KNOWN = Set.of("data");

    private final List<InferenceEmbedding> data;

    private AssistantsList(ObjectNode json) {
        super(json, KNOWN);
        JsonNode array = json.get("data");
        if (array == null || !array.isArray()) {
            throw new VoicegatherException("'data' is missing from the assistants list");
        }
        List<InferenceEmbedding> items = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            items.add(Json.MAPPER.convertValue(item, InferenceEmbedding.class));
        }
        this.data = List.copyOf(items);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static AssistantsList fromJson(ObjectNode json) {
        return new AssistantsList(json.deepCopy());
    }

    public List<InferenceEmbedding> data() {
        return data;
    }
}
