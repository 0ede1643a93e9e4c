package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code call.ai_gather.message_history_updated}: the conversation grew (send_message_history_updates). */
public record CallAiGatherMessageHistoryUpdated(String id, String occurredAt, CallInfo call,
                                                List<AiMessage> messageHistory, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.ai_gather.message_history_updated";

    @Override
    public String eventType() {
        return TYPE;
    }
}
