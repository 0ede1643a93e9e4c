package io.voicegather.api.command.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;

import java.util.List;

/**
 * {@code POST /v2/calls/{id}/actions/gather_using_ai}, with every default applied and every value checked.
 *
 * @param parameters               the JSON Schema of what to gather (checked to be a valid schema object)
 * @param greeting                 said first, or null (then the first question is asked straight away)
 * @param gatherEndedSpeech        said when the gather ends with every field, or null
 * @param voice                    the voice string as sent (default {@code Telnyx.KokoroTTS.af})
 * @param voiceSettings            as sent, or null
 * @param language                 speech recognition language (default {@code en})
 * @param assistant                instructions, model and tools, or {@link AiAssistant#NONE}
 * @param messageHistory           earlier turns (user and assistant only), oldest first
 * @param interruptionEnabled      whether the caller's speech cuts the assistant short (default true)
 * @param userResponseTimeoutMillis how long to wait for the caller's answer (default 10000)
 */
public record GatherUsingAiCommand(CommandMeta meta,
                                   ObjectNode parameters,
                                   String greeting,
                                   String gatherEndedSpeech,
                                   String voice,
                                   ObjectNode voiceSettings,
                                   String language,
                                   TranscriptionConfig transcription,
                                   AiAssistant assistant,
                                   List<AiMessage> messageHistory,
                                   boolean sendPartialResults,
                                   boolean sendMessageHistoryUpdates,
                                   boolean interruptionEnabled,
                                   long userResponseTimeoutMillis) {
    public static final String DEFAULT_VOICE = "Telnyx.KokoroTTS.af";
    public static final String DEFAULT_LANGUAGE = "en";
    public static final long DEFAULT_USER_RESPONSE_TIMEOUT_MILLIS = 10_000;

    public GatherUsingAiCommand {
        messageHistory = messageHistory == null ? List.of() : List.copyOf(messageHistory);
    }
}
