package io.voicegather.client.models.calls.actions;

import java.util.List;
import java.util.Map;

/**
 * The assistant configuration of gather_using_ai.
 *
 * @param instructions    system prompt; may be null
 * @param model           LLM name; null for the server default
 * @param openaiApiKeyRef integration-secret identifier; may be null
 * @param tools           tool objects, each discriminated by "type" (webhook, hangup, transfer, ...); may be null
 */
public record Assistant(String instructions, String model, String openaiApiKeyRef, List<Map<String, Object>> tools) {
    public static Assistant withInstructions(String instructions) {
        return new Assistant(instructions, null, null, null);
    }
}
