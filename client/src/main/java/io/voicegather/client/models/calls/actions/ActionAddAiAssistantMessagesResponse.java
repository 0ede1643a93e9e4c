package io.voicegather.client.models.calls.actions;

/** The answer to {@code ai_assistant_add_messages}: {@code {"data":{"result":"ok"}}}. */
public record ActionAddAiAssistantMessagesResponse(CallControlCommandResult data) {
}
