package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.command.ai.TranscriptionConfig;
import io.voicegather.api.error.ApiError;
import io.voicegather.server.ai.schema.InvalidParametersException;
import io.voicegather.server.ai.schema.ParametersSchema;

import java.util.List;

/**
 * Body of {@code POST /v2/calls/{id}/actions/gather_using_ai}: {@code parameters} required and checked to be a JSON
 * Schema of an object; every other field optional with Telnyx's defaults.
 */
final class GatherUsingAiRequestParser {
    static final long MIN_USER_RESPONSE_TIMEOUT_MILLIS = 1_000;
    static final long MAX_USER_RESPONSE_TIMEOUT_MILLIS = 120_000;

    private GatherUsingAiRequestParser() {
    }

    static GatherUsingAiCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        ObjectNode parameters = parameters(f);
        String greeting = AiFields.speech(f, "greeting");
        String endedSpeech = AiFields.speech(f, "gather_ended_speech");
        String voice = f.string("voice", 1, AiFields.MAX_VOICE_LENGTH);
        ObjectNode voiceSettings = AiFields.voiceSettings(f);
        String language = AiFields.language(f, GatherUsingAiCommand.DEFAULT_LANGUAGE);
        TranscriptionConfig transcription = AiFields.transcription(f);
        AiAssistant assistant = AiAssistantParser.parse(f, false);
        List<AiMessage> history = AiMessageParser.messages(f, "message_history", AiMessageParser.GATHER_ROLES);
        Boolean partial = f.bool("send_partial_results", false);
        Boolean historyUpdates = f.bool("send_message_history_updates", false);
        Boolean interruption = AiFields.interruptionEnabled(f);
        Long timeout = f.integer("user_response_timeout_ms", MIN_USER_RESPONSE_TIMEOUT_MILLIS,
                MAX_USER_RESPONSE_TIMEOUT_MILLIS, GatherUsingAiCommand.DEFAULT_USER_RESPONSE_TIMEOUT_MILLIS);
        f.throwIfInvalid();
        return new GatherUsingAiCommand(meta, parameters, greeting, endedSpeech,
                voice != null ? voice : GatherUsingAiCommand.DEFAULT_VOICE, voiceSettings, language, transcription,
                assistant, history, partial, historyUpdates, interruption, timeout);
    }

    /** Required; a JSON Schema object with at least one property (see {@link ParametersSchema#compile}). */
    private static ObjectNode parameters(BodyFields f) {
        JsonNode n = f.present("parameters");
        if (n == null) {
            f.reject(ApiError.missingParameter("parameters"));
            return null;
        }
        if (!n.isObject()) {
            f.reject(ApiError.invalidValue("parameters",
                    "The value of 'parameters' must be a JSON Schema object, e.g. {\"type\":\"object\","
                            + "\"properties\":{\"age\":{\"type\":\"integer\"}},\"required\":[\"age\"]}."));
            return null;
        }
        try {
            return ParametersSchema.compile((ObjectNode) n).schema();
        } catch (InvalidParametersException e) {
            for (InvalidParametersException.Problem p : e.problems()) {
                f.reject(invalidSchema(p));
            }
            return null;
        }
    }

    static ApiError invalidSchema(InvalidParametersException.Problem p) {
        String at = "/parameters" + p.pointer();
        return new ApiError(422, "10015", "Invalid value",
                "'parameters' is not a valid JSON Schema of an object: at " + at + ", " + p.message() + ".",
                at);
    }
}
