package io.voicegather.client.models.calls.actions;

/** The answer to {@code gather_using_ai}: {@code {"data":{"result":"ok", "conversation_id":…}}}. */
public record ActionGatherUsingAiResponse(CallControlCommandResultWithConversationId data) {
}
