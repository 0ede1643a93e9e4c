package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherUsingAudioCommand;
import io.voicegather.api.command.PlaybackStartCommand;

/**
 * Body of {@code POST /v2/calls/{id}/actions/gather_using_audio}. One of audio_url / media_name is required
 * (Telnyx's schema marks neither, but a gather with no prompt is the plain gather command).
 */
final class GatherUsingAudioRequestParser {
    private GatherUsingAudioRequestParser() {
    }

    static GatherUsingAudioCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        PlaybackStartCommand.Audio prompt = PromptFields.urlOrMediaName(f, "audio_url", "media_name", true);
        PlaybackStartCommand.Audio invalidPrompt = PromptFields.urlOrMediaName(f, "invalid_audio_url",
                "invalid_media_name", false);
        PromptFields.Digits d = PromptFields.digits(f);
        f.throwIfInvalid();
        return new GatherUsingAudioCommand(meta, prompt, invalidPrompt, d.minimumDigits(), d.maximumDigits(),
                d.maximumTries(), d.timeoutMillis(), d.interDigitTimeoutMillis(), d.terminatingDigit(),
                d.validDigits());
    }
}
