package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.command.ai.TranscriptionConfig;
import io.voicegather.api.error.ApiError;

import java.util.ArrayList;
import java.util.List;

/** Bodies of ai_assistant_start and ai_assistant_add_messages (ai_assistant_stop has only the common fields). */
final class AiAssistantRequestParser {
    static final List<String> ON_HANGUP = List.of("continue_conversation", "end_conversation");

    private AiAssistantRequestParser() {
    }

    static AiAssistantStartCommand start(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        AiAssistant assistant = AiAssistantParser.parse(f, true);
        String greeting = AiFields.speech(f, "greeting");
        List<AiMessage> history = AiMessageParser.messages(f, "message_history", AiMessageParser.ALL_ROLES);
        List<ObjectNode> participants = participants(f);
        Boolean historyUpdates = f.bool("send_message_history_updates", false);
        Boolean interruption = interruptionIfSent(f);
        TranscriptionConfig transcription = AiFields.transcription(f);
        String voice = f.string("voice", 1, AiFields.MAX_VOICE_LENGTH);
        ObjectNode voiceSettings = AiFields.voiceSettings(f);
        f.throwIfInvalid();
        return new AiAssistantStartCommand(meta, assistant, greeting, history, participants, historyUpdates,
                interruption, transcription, voice, voiceSettings);
    }

    /** {@code interruption_settings.enable} when sent, else null (the stored assistant's value then applies). */
    private static Boolean interruptionIfSent(BodyFields f) {
        JsonNode settings = f.present("interruption_settings");
        if (settings == null || (settings.isObject() && settings.path("enable").isMissingNode())) {
            return null;
        }
        return AiFields.interruptionEnabled(f);
    }

    static AiAssistantAddMessagesCommand addMessages(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        List<AiMessage> messages = AiMessageParser.messages(f, "messages", AiMessageParser.ALL_ROLES);
        Boolean trigger = f.bool("trigger_response", false);
        f.throwIfInvalid();
        return new AiAssistantAddMessagesCommand(meta, messages, trigger);
    }

    /** Each {id (required), role: "user" (required), name?, on_hangup?}; kept as sent once checked. */
    private static List<ObjectNode> participants(BodyFields f) {
        ArrayNode array = AiFields.array(f, "participants");
        if (array == null) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "participants/" + i;
            if (!array.get(i).isObject()) {
                f.reject(ApiError.invalidValue(f.path(at),
                        "Each item of 'participants' must be an object {id, role, name?, on_hangup?}."));
                continue;
            }
            BodyFields p = f.nested(at, (ObjectNode) array.get(i));
            p.requiredString("id", AiFields.MAX_NAME_LENGTH);
            if (p.present("role") == null) {
                p.reject(p.missing("role"));
            } else {
                AiFields.oneOf(p, "role", List.of("user"), null);
            }
            p.string("name", 0, AiFields.MAX_NAME_LENGTH);
            AiFields.oneOf(p, "on_hangup", ON_HANGUP, null);
            out.add(p.object());
        }
        return out;
    }
}
