package io.voicegather.client.models.calls.actions;

/** The answer to {@code ai_assistant_start}: {@code {"data":{"result":"ok", "conversation_id":…}}}. */
public record ActionStartAiAssistantResponse(CallControlCommandResultWithConversationId data) {
}
