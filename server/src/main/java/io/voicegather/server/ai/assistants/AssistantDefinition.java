package io.voicegather.server.ai.assistants;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiAssistant;

import java.util.Objects;

/**
 * A checked assistant definition, as kept on the server: the JSON as sent (fields this server does not use are kept
 * and echoed back) and the parts a call uses when {@code ai_assistant_start} names the assistant.
 *
 * @param json                  the definition as sent, without {@code id} and {@code created_at}
 * @param assistant             name, model, instructions, greeting, dynamic variables and tools
 * @param voice                 {@code voice_settings.voice}, or null
 * @param interruptionEnabled   {@code interruption_settings.enable}, or null when not set
 * @param transcriptionLanguage {@code transcription.language}, or null
 */
public record AssistantDefinition(ObjectNode json, AiAssistant assistant, String voice, Boolean interruptionEnabled,
                                  String transcriptionLanguage) {
    public AssistantDefinition {
        Objects.requireNonNull(json);
        Objects.requireNonNull(assistant);
    }
}
