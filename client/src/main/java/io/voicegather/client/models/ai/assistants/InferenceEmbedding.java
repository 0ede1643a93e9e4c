package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An assistant as the API answers it (create, retrieve, update, and each item of the list). The official SDK gives
 * this object the name {@code InferenceEmbedding}; it is kept so that code ports by changing imports.
 *
 * <p>{@code id}, {@code name}, {@code model}, {@code instructions} and {@code created_at} are always present; every
 * other field of the definition is kept exactly as answered, including those this class has no accessor for
 * ({@link #additionalProperties()}, {@link #_json()}). Immutable.
 */
public final class InferenceEmbedding extends JsonObjectModel {
    private static final Set<String> KNOWN;

    static {
        Set<String> known = new HashSet<>(AssistantBodyParams.KNOWN);
        known.add("id");
        known.add("created_at");
        KNOWN = Set.copyOf(known);
    }

    private InferenceEmbedding(ObjectNode json) {
        super(json, KNOWN);
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static InferenceEmbedding fromJson(ObjectNode json) {
        return new InferenceEmbedding(json.deepCopy());
    }

    /** {@code assistant-<uuid>} for an assistant created through the API; the file's own id for the others. */
    public String id() {
        return JsonFields.requiredText(json, "id", "assistant");
    }

    public String name() {
        return JsonFields.requiredText(json, "name", "assistant");
    }

    /** The model the assistant asks for; the server's default model when it was created without one. */
    public String model() {
        return JsonFields.requiredText(json, "model", "assistant");
    }

    public String instructions() {
        return JsonFields.requiredText(json, "instructions", "assistant");
    }

    public OffsetDateTime createdAt() {
        return OffsetDateTime.parse(JsonFields.requiredText(json, "created_at", "assistant"));
    }

    public Optional<String> greeting() {
        return JsonFields.text(json, "greeting");
    }

    public Optional<String> description() {
        return JsonFields.text(json, "description");
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> dynamicVariables() {
        return JsonFields.convert(json, "dynamic_variables", Map.class).map(m -> (Map<String, Object>) m);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<Map<String, Object>>> tools() {
        return JsonFields.convert(json, "tools", List.class).map(l -> (List<Map<String, Object>>) l);
    }

    public Optional<VoiceSettings> voiceSettings() {
        return JsonFields.convert(json, "voice_settings", VoiceSettings.class);
    }

    public Optional<InferenceEmbeddingInterruptionSettings> interruptionSettings() {
        return JsonFields.convert(json, "interruption_settings", InferenceEmbeddingInterruptionSettings.class);
    }

    public Optional<TranscriptionSettings> transcription() {
        return JsonFields.convert(json, "transcription", TranscriptionSettings.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<String>> tags() {
        return JsonFields.convert(json, "tags", List.class).map(l -> (List<String>) l);
    }

    public Optional<String> llmApiKeyRef() {
        return JsonFields.text(json, "llm_api_key_ref");
    }
}
