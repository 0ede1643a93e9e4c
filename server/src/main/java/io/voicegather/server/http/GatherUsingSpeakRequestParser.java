package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherUsingSpeakCommand;
import io.voicegather.api.command.SpeakCommand;

/**
 * Body of {@code POST /v2/calls/{id}/actions/gather_using_speak}: payload and voice required; the invalid
 * prompt is spoken with the main prompt's voice and settings.
 */
final class GatherUsingSpeakRequestParser {
    private GatherUsingSpeakRequestParser() {
    }

    static GatherUsingSpeakCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        SpeakCommand.Speech prompt = PromptFields.speech(f);
        String invalidPayload = f.string("invalid_payload", 1, SpeakCommand.MAX_PAYLOAD_LENGTH);
        PromptFields.Digits d = PromptFields.digits(f);
        f.throwIfInvalid();
        return new GatherUsingSpeakCommand(meta, prompt,
                invalidPayload == null ? null : prompt.withPayload(invalidPayload),
                d.minimumDigits(), d.maximumDigits(), d.maximumTries(), d.timeoutMillis(),
                d.interDigitTimeoutMillis(), d.terminatingDigit(), d.validDigits());
    }
}
