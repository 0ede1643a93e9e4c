package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;

import java.util.Optional;
import java.util.Set;

/**
 * An assistant's {@code interruption_settings} (named as in the official SDK): {@code enable} says whether the
 * caller's speech cuts the assistant short. Other fields are kept as sent. Immutable.
 */
public final class InferenceEmbeddingInterruptionSettings extends JsonObjectModel {
    private static final Set<String> KNOWN = Set.of("enable");

    private InferenceEmbeddingInterruptionSettings(ObjectNode json) {
        super(json, KNOWN);
    }

    public static Builder builder() {
        return new Builder(Json.object());
    }

    /** Just {@code enable}. */
    public static InferenceEmbeddingInterruptionSettings of(boolean enable) {
        return builder().enable(enable).build();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InferenceEmbeddingInterruptionSettings fromJson(ObjectNode json) {
        return new InferenceEmbeddingInterruptionSettings(json.deepCopy());
    }

    public Optional<Boolean> enable() {
        return JsonFields.bool(json, "enable");
    }

    public Builder toBuilder() {
        return new Builder(json.deepCopy());
    }

    /** Not thread-safe; setting null removes a field. */
    public static final class Builder {
        private final ObjectNode json;

        private Builder(ObjectNode json) {
            this.json = json;
        }

        public Builder enable(boolean enable) {
            return putAdditionalProperty("enable", enable);
        }

        /** Any other field (any value Jackson can serialise). */
        public Builder putAdditionalProperty(String wireName, Object value) {
            JsonFields.putOrRemove(json, wireName, value);
            return this;
        }

        public InferenceEmbeddingInterruptionSettings build() {
            return new InferenceEmbeddingInterruptionSettings(json.deepCopy());
        }
    }
}
