package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.conversation.ended}: an AI conversation ended; reason e.g. customer_disconnect. */
public record CallConversationEnded(String id, String occurredAt, CallInfo call, String createdAt, String assistantId,
                                    String conversationId, String callingPartyType, Integer durationSec,
                                    String llmModel, String sttModel, String ttsProvider, String ttsModelId,
                                    String ttsVoiceId, String reason, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.conversation.ended";

    @Override
    public String eventType() {
        return TYPE;
    }
}
