package io.voicegather.client.models.calls.actions;

/**
 * @param result         "ok" when the command was accepted
 * @param conversationId the UUID that later call.conversation.ended and AI webhooks refer to
 */
public record CallControlCommandResultWithConversationId(String result, String conversationId) {
}
