package io.voicegather.client.models.webhooks;

/** One turn of an AI conversation's message_history: role "assistant" or "user". */
public record AiMessage(String role, String content) {
}
