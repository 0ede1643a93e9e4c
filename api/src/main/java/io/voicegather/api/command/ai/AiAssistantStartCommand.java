package io.voicegather.api.command.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;

import java.util.List;

/**
 * {@code POST /v2/calls/{id}/actions/ai_assistant_start}, with every default applied and every value checked.
 *
 * @param assistant       the assistant to run ({@code id} required) and its inline overrides
 * @param greeting        said first, or null (then the assistant's own greeting, if any)
 * @param messageHistory  seeds the conversation, oldest first (all five roles)
 * @param participants    accepted as sent (extra legs are not joined by this server)
 * @param interruptionEnabled {@code interruption_settings.enable}, or null when not sent (then the stored
 *                        assistant's, else true)
 * @param voice           the voice string as sent, or null (then the stored assistant's, else the default voice)
 */
public record AiAssistantStartCommand(CommandMeta meta,
                                      AiAssistant assistant,
                                      String greeting,
                                      List<AiMessage> messageHistory,
                                      List<ObjectNode> participants,
                                      boolean sendMessageHistoryUpdates,
                                      Boolean interruptionEnabled,
                                      TranscriptionConfig transcription,
                                      String voice,
                                      ObjectNode voiceSettings) {
    public AiAssistantStartCommand {
        messageHistory = messageHistory == null ? List.of() : List.copyOf(messageHistory);
        participants = participants == null ? List.of() : List.copyOf(participants);
    }
}
