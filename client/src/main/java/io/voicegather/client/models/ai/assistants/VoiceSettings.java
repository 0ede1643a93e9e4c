package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;

import java.util.Optional;
import java.util.Set;

/**
 * An assistant's {@code voice_settings}: the {@code voice} (in Telnyx's voice-string form, e.g.
 * {@code "Telnyx.KokoroTTS.af"}) and any provider fields, kept as sent. Immutable.
 */
public final class VoiceSettings extends JsonObjectModel {
    private static final Set<String> KNOWN = Set.of("voice", "api_key_ref", "voice_speed");

    private VoiceSettings(ObjectNode json) {
        super(json, KNOWN);
    }

    public static Builder builder() {
        return new Builder(Json.object());
    }

    /** Just a voice. */
    public static VoiceSettings of(String voice) {
        return builder().voice(voice).build();
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static VoiceSettings fromJson(ObjectNode json) {
        return new VoiceSettings(json.deepCopy());
    }

    public String voice() {
        return JsonFields.requiredText(json, "voice", "voice settings");
    }

    public Optional<String> apiKeyRef() {
        return JsonFields.text(json, "api_key_ref");
    }

    public Optional<Double> voiceSpeed() {
        JsonNode n = json.get("voice_speed");
        return n != null && n.isNumber() ? Optional.of(n.doubleValue()) : Optional.empty();
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

        /** Required. */
        public Builder voice(String voice) {
            return putAdditionalProperty("voice", voice);
        }

        /** Integration-secret identifier of the TTS provider's key. */
        public Builder apiKeyRef(String apiKeyRef) {
            return putAdditionalProperty("api_key_ref", apiKeyRef);
        }

        public Builder voiceSpeed(double voiceSpeed) {
            return putAdditionalProperty("voice_speed", voiceSpeed);
        }

        /** Any other field (any value Jackson can serialise). */
        public Builder putAdditionalProperty(String wireName, Object value) {
            JsonFields.putOrRemove(json, wireName, value);
            return this;
        }

        public VoiceSettings build() {
            if (!json.hasNonNull("voice")) {
                throw new IllegalStateException("'voice' is required but was not set");
            }
            return new VoiceSettings(json.deepCopy());
        }
    }
}
