package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.AiTool;
import io.voicegather.api.error.ApiError;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code assistant} object: {@code id} (required by ai_assistant_start when the object is sent), name, model,
 * instructions, greeting, dynamic_variables, tools and voice_settings (its {@code voice} required inside). Every other
 * field (llm_api_key_ref, external_llm, mcp_servers, ...) is kept as sent in {@link AiAssistant#raw()}.
 */
final class AiAssistantParser {
    static final int MAX_INSTRUCTIONS_LENGTH = 100_000;

    private AiAssistantParser() {
    }

    /**
     * @param idRequired true for ai_assistant_start: an assistant sent without id is 10004 at {@code /assistant/id}
     *                   (the SDKs make the object optional but its id required)
     * @return the assistant, {@link AiAssistant#NONE} when absent, null when invalid
     */
    static AiAssistant parse(BodyFields f, boolean idRequired) {
        ObjectNode n = AiFields.object(f, "assistant");
        if (n == null) {
            return f.hasErrorFor("assistant") ? null : AiAssistant.NONE;
        }
        return read(f.nested("assistant", n), idRequired);
    }

    /**
     * The fields of an assistant object read by {@code a} (the {@code assistant} of a command, or the body of
     * {@code POST /v2/ai/assistants}).
     *
     * @return the assistant, or null when a field is invalid (the error is recorded in {@code a})
     */
    static AiAssistant read(BodyFields a, boolean idRequired) {
        ObjectNode n = a.object();
        String id = idRequired ? a.requiredString("id", AiFields.MAX_NAME_LENGTH)
                : a.string("id", 1, AiFields.MAX_NAME_LENGTH);
        String name = a.string("name", 1, AiFields.MAX_NAME_LENGTH);
        String model = a.string("model", 1, AiFields.MAX_NAME_LENGTH);
        String instructions = a.string("instructions", 0, MAX_INSTRUCTIONS_LENGTH);
        String greeting = AiFields.speech(a, "greeting");
        ObjectNode variables = dynamicVariables(a);
        List<AiTool> tools = AiToolParser.tools(a);
        voiceSettings(a);
        for (String field : List.of("id", "name", "model", "instructions", "greeting", "dynamic_variables", "tools",
                "voice_settings")) {
            if (a.hasErrorFor(field)) {
                return null;
            }
        }
        if (idRequired && id == null) {
            return null;
        }
        return new AiAssistant(id, name, model, instructions, greeting, variables, tools, n);
    }

    /** {@code voice_settings: {voice, ...}}: the voice is required inside, the rest kept as sent. */
    private static void voiceSettings(BodyFields a) {
        ObjectNode n = AiFields.object(a, "voice_settings");
        if (n != null) {
            a.nested("voice_settings", n).requiredString("voice", AiFields.MAX_VOICE_LENGTH);
        }
    }

    /** A map of name to string, number or boolean (what {{name}} in the instructions can become). */
    private static ObjectNode dynamicVariables(BodyFields a) {
        ObjectNode n = AiFields.object(a, "dynamic_variables");
        if (n == null) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                a.reject(ApiError.invalidValue(a.path("dynamic_variables/" + JsonPointers.token(e.getKey())),
                        "Each value of '" + a.label("dynamic_variables") + "' must be a string, number or boolean."));
                return null;
            }
        }
        return n;
    }
}
