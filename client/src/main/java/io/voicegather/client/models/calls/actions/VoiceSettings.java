package io.voicegather.client.models.calls.actions;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Provider-specific text-to-speech settings, discriminated by {@code type}. Immutable. */
public final class VoiceSettings {
    private final Map<String, Object> fields;

    private VoiceSettings(String type, Map<String, Object> extra) {
        LinkedHashMap<String, Object> f = new LinkedHashMap<>();
        f.put("type", type);
        extra.forEach((k, v) -> {
            if (v != null) {
                f.put(k, v);
            }
        });
        this.fields = Collections.unmodifiableMap(f);
    }

    /** Any variant, by its type and its wire fields. */
    public static VoiceSettings of(String type, Map<String, Object> fields) {
        return new VoiceSettings(type, fields);
    }

    public static VoiceSettings elevenLabs(String apiKeyRef) {
        return new VoiceSettings("elevenlabs", mapOf("api_key_ref", apiKeyRef));
    }

    /** @param voiceSpeed 0.1 to 2.0 */
    public static VoiceSettings telnyx(double voiceSpeed) {
        return new VoiceSettings("telnyx", mapOf("voice_speed", voiceSpeed));
    }

    public static VoiceSettings aws() {
        return new VoiceSettings("aws", Map.of());
    }

    public static VoiceSettings azure(String apiKeyRef, String deploymentId, String region) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("api_key_ref", apiKeyRef);
        f.put("deployment_id", deploymentId);
        f.put("region", region);
        return new VoiceSettings("azure", f);
    }

    public String type() {
        return (String) fields.get("type");
    }

    @JsonValue
    public Map<String, Object> fields() {
        return fields;
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VoiceSettings v && v.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "VoiceSettings" + fields;
    }
}
