package io.voicegather.api.command.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The {@code assistant} object: of {@code ai_assistant_start} ({@code id} required there) and of
 * {@code gather_using_ai} (instructions, model, tools; no id). Every field but {@code id} overrides the stored
 * assistant's value when not null.
 *
 * @param dynamicVariables values for {@code {{name}}} in the instructions and greeting (strings, numbers, booleans)
 * @param raw              the object exactly as sent (fields this server does not use are kept there)
 */
public record AiAssistant(String id, String name, String model, String instructions, String greeting,
                          ObjectNode dynamicVariables, List<AiTool> tools, ObjectNode raw) {
    public AiAssistant {
        tools = tools == null ? null : List.copyOf(tools);
    }

    public static final AiAssistant NONE = new AiAssistant(null, null, null, null, null, null, null, null);

    /** {@code voice_settings} as sent (its {@code voice} checked to be a string), or null. */
    public ObjectNode voiceSettings() {
        return raw != null && raw.get("voice_settings") instanceof ObjectNode n ? n : null;
    }

    /** {@code voice_settings.voice}, or null. */
    public String voice() {
        ObjectNode settings = voiceSettings();
        return settings != null && settings.path("voice").isTextual() ? settings.get("voice").asText() : null;
    }
}
