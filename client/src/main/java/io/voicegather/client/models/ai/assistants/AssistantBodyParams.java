package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link AssistantCreateParams} and {@link AssistantUpdateParams} share: a JSON body holding exactly the
 * fields that were set, under their wire names, with typed getters for the fields the server uses. Immutable.
 */
public abstract class AssistantBodyParams {
    static final Set<String> KNOWN = Set.of("name", "instructions", "model", "greeting", "description",
            "dynamic_variables", "tools", "voice_settings", "interruption_settings", "transcription", "tags",
            "llm_api_key_ref");

    private final ObjectNode body;

    protected AssistantBodyParams(Builder<?, ?> builder) {
        this.body = builder.body.deepCopy();
    }

    public Optional<String> model() {
        return JsonFields.text(body, "model");
    }

    public Optional<String> greeting() {
        return JsonFields.text(body, "greeting");
    }

    public Optional<String> description() {
        return JsonFields.text(body, "description");
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> dynamicVariables() {
        return JsonFields.convert(body, "dynamic_variables", Map.class).map(m -> (Map<String, Object>) m);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<Map<String, Object>>> tools() {
        return JsonFields.convert(body, "tools", List.class).map(l -> (List<Map<String, Object>>) l);
    }

    public Optional<VoiceSettings> voiceSettings() {
        return JsonFields.convert(body, "voice_settings", VoiceSettings.class);
    }

    public Optional<InferenceEmbeddingInterruptionSettings> interruptionSettings() {
        return JsonFields.convert(body, "interruption_settings", InferenceEmbeddingInterruptionSettings.class);
    }

    public Optional<TranscriptionSettings> transcription() {
        return JsonFields.convert(body, "transcription", TranscriptionSettings.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<String>> tags() {
        return JsonFields.convert(body, "tags", List.class).map(l -> (List<String>) l);
    }

    public Optional<String> llmApiKeyRef() {
        return JsonFields.text(body, "llm_api_key_ref");
    }

    /** Fields of the body this class has no getter for (set through {@code putAdditionalBodyProperty}, say). */
    public Map<String, JsonNode> additionalBodyProperties() {
        return JsonFields.others(body, KNOWN);
    }

    /** The body that will be sent (a copy). */
    public ObjectNode body() {
        return body.deepCopy();
    }

    /** The JSON request body: only the fields that were set. */
    public String toJson() {
        return Json.write(body);
    }

    protected final ObjectNode rawBody() {
        return body;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{body=" + toJson() + "}";
    }

    /**
     * Collects fields; setting null leaves a field out again. Not thread-safe.
     *
     * @param <P> the params class built
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<P extends AssistantBodyParams, B extends Builder<P, B>> {
        private final ObjectNode body = Json.object();

        protected Builder() {
        }

        @SuppressWarnings("unchecked")
        protected final B self() {
            return (B) this;
        }

        /** 1 to 256 characters; shown in the API. */
        public B name(String name) {
            return put("name", name);
        }

        /** The system prompt; {@code {{variables}}} are filled from {@code dynamic_variables}. */
        public B instructions(String instructions) {
            return put("instructions", instructions);
        }

        /** The model asked of the chat server; absent: the server's default model. */
        public B model(String model) {
            return put("model", model);
        }

        /** Said first, at most 3,000 characters. */
        public B greeting(String greeting) {
            return put("greeting", greeting);
        }

        public B description(String description) {
            return put("description", description);
        }

        /** Values (strings, numbers, booleans) for {@code {{name}}} in the instructions, greeting and tool headers. */
        public B dynamicVariables(Map<String, ?> dynamicVariables) {
            return put("dynamic_variables", dynamicVariables);
        }

        /** Tool objects, each discriminated by {@code type} ({@code webhook}, {@code hangup}, ...). */
        public B tools(List<? extends Map<String, ?>> tools) {
            return put("tools", tools);
        }

        public B voiceSettings(VoiceSettings voiceSettings) {
            return put("voice_settings", voiceSettings);
        }

        public B interruptionSettings(InferenceEmbeddingInterruptionSettings interruptionSettings) {
            return put("interruption_settings", interruptionSettings);
        }

        public B transcription(TranscriptionSettings transcription) {
            return put("transcription", transcription);
        }

        /** Kept and shown again; not used by the server. */
        public B tags(List<String> tags) {
            return put("tags", tags);
        }

        /** Kept and shown again. */
        public B llmApiKeyRef(String llmApiKeyRef) {
            return put("llm_api_key_ref", llmApiKeyRef);
        }

        /** Sends a field this class has no setter for (any value Jackson can serialise); null leaves it out. */
        public B putAdditionalBodyProperty(String wireName, Object value) {
            return put(wireName, value);
        }

        /** Starts from an existing params object, for {@code toBuilder()}. */
        protected final B copyFrom(AssistantBodyParams params) {
            body.setAll(params.body.deepCopy());
            return self();
        }

        protected final B put(String wireName, Object value) {
            JsonFields.putOrRemove(body, wireName, value);
            return self();
        }

        /** Sends {@code wireName} as an explicit JSON null. */
        protected final B putNull(String wireName) {
            body.putNull(wireName);
            return self();
        }

        /** Fails the build when a field the API requires is missing, as the official SDKs do. */
        protected final void require(String... wireNames) {
            for (String name : wireNames) {
                if (!body.hasNonNull(name)) {
                    throw new IllegalStateException("'" + name + "' is required but was not set");
                }
            }
        }

        public abstract P build();
    }
}
