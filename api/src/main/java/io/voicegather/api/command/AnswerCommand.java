package io.voicegather.api.command;

/**
 * {@code POST /v2/calls/{id}/actions/answer}.
 *
 * @param webhookUrl       overrides the application's webhook URL for every later webhook of this call; may be null
 * @param webhookUrlMethod "POST" (default) or "GET"
 */
public record AnswerCommand(CommandMeta meta, String webhookUrl, String webhookUrlMethod) {
}
