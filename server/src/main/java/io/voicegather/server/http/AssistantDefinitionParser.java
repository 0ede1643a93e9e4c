package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.TranscriptionConfig;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.ai.assistants.AssistantDefinition;

import java.util.Iterator;
import java.util.Map;

/**
 * The body of {@code POST /v2/ai/assistants} (and an item of the assistants file): {@code name} and
 * {@code instructions} required; {@code model}, {@code greeting}, {@code dynamic_variables} and {@code tools} as in
 * {@code ai_assistant_start}'s assistant; {@code voice_settings.voice}, {@code interruption_settings.enable} and
 * {@code transcription.language} used as the assistant's defaults. Other fields are kept as sent.
 */
public final class AssistantDefinitionParser {
    private AssistantDefinitionParser() {
    }

    /**
     * Checks a whole definition. {@code id} and {@code created_at}, which the server assigns, are dropped.
     *
     * @throws ApiException listing every invalid field (422)
     */
    public static AssistantDefinition read(ObjectNode body) {
        ObjectNode json = body.deepCopy();
        json.remove("id");
        json.remove("created_at");
        BodyFields f = new BodyFields(json);
        for (String required : new String[] {"name", "instructions"}) {
            if (f.present(required) == null) {
                f.reject(f.missing(required));
            }
        }
        AiAssistant assistant = AiAssistantParser.read(f, false);
        f.string("description", 0, AiAssistantParser.MAX_INSTRUCTIONS_LENGTH);
        String voice = assistant == null ? null : assistant.voice();
        Boolean interruption = f.present("interruption_settings") == null ? null : AiFields.interruptionEnabled(f);
        TranscriptionConfig transcription = AiFields.transcription(f);
        f.throwIfInvalid();
        return new AssistantDefinition(json, assistant, voice, interruption, transcription.language());
    }

    /**
     * An update: each field of {@code patch} replaces the stored one, a {@code null} removes it, the others stay;
     * the result is checked as a whole.
     */
    public static AssistantDefinition merge(AssistantDefinition stored, ObjectNode patch) {
        ObjectNode merged = stored.json().deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        }
        return read(merged);
    }
}
