package io.voicegather.client.models.calls.actions;

/** The answer to {@code ai_assistant_stop}: {@code {"data":{"result":"ok"}}}. */
public record ActionStopAiAssistantResponse(CallControlCommandResult data) {
}
