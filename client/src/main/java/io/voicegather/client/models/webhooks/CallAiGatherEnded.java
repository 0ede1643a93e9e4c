package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code call.ai_gather.ended}: the assistant finished; result holds the gathered fields, status valid or invalid. */
public record CallAiGatherEnded(String id, String occurredAt, CallInfo call, List<AiMessage> messageHistory,
                                JsonNode result, String status, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.ai_gather.ended";

    @Override
    public String eventType() {
        return TYPE;
    }
}
