package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code call.ai_gather.partial_results}: fields gathered so far (send_partial_results). */
public record CallAiGatherPartialResults(String id, String occurredAt, CallInfo call, List<AiMessage> messageHistory,
                                         JsonNode partialResults, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.ai_gather.partial_results";

    @Override
    public String eventType() {
        return TYPE;
    }
}
