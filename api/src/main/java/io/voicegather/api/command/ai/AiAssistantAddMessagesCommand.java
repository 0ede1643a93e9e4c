package io.voicegather.api.command.ai;

import io.voicegather.api.command.CommandMeta;

import java.util.List;

/**
 * {@code POST /v2/calls/{id}/actions/ai_assistant_add_messages}.
 *
 * @param messages        appended to the conversation in order
 * @param triggerResponse when true the assistant takes its turn now (speaks next) instead of waiting for the caller
 */
public record AiAssistantAddMessagesCommand(CommandMeta meta, List<AiMessage> messages, boolean triggerResponse) {
    public AiAssistantAddMessagesCommand {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }
}
