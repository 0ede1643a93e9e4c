package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;

import java.util.Optional;
import java.util.Set;

/**
 * An assistant's {@code transcription}: the server uses {@code language} as the recogniser's language hint; the
 * other fields ({@code model}, {@code region}, ...) are kept as sent. Immutable.
 */
public final class TranscriptionSettings extends JsonObjectModel {
    private static final Set<String> KNOWN = Set.of("language", "model");

    private TranscriptionSettings(ObjectNode json) {
        super(json, KNOWN);
    }

    public static Builder builder() {
        return new Builder(Json.object());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TranscriptionSettings fromJson(ObjectNode json) {
        return new TranscriptionSettings(json.deepCopy());
    }

    /** e.g. "en"; 1 to 64 characters. */
    public Optional<String> language() {
        return JsonFields.text(json, "language");
    }

    /** e.g. "deepgram/nova-3"; kept, not used by the server. */
    public Optional<String> model() {
        return JsonFields.text(json, "model");
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

        public Builder language(String language) {
            return putAdditionalProperty("language", language);
        }

        public Builder model(String model) {
            return putAdditionalProperty("model", model);
        }

        /** Any other field (any value Jackson can serialise). */
        public Builder putAdditionalProperty(String wireName, Object value) {
            JsonFields.putOrRemove(json, wireName, value);
            return this;
        }

        public TranscriptionSettings build() {
            return new TranscriptionSettings(json.deepCopy());
        }
    }
}
