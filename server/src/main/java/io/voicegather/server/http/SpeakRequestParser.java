package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.command.SpeakCommand;

/** Body of {@code POST /v2/calls/{id}/actions/speak}: payload and voice required. */
final class SpeakRequestParser {
    private SpeakRequestParser() {
    }

    static SpeakCommand parse(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        SpeakCommand.Speech speech = PromptFields.speech(f);
        Integer loop = PromptFields.loop(f);
        PlaybackStopCommand.Stop stop = PromptFields.choice(f, "stop", PlaybackStopCommand.Stop.class, null);
        PlaybackStartCommand.TargetLegs legs = PromptFields.choice(f, "target_legs",
                PlaybackStartCommand.TargetLegs.class, PlaybackStartCommand.TargetLegs.SELF);
        f.throwIfInvalid();
        return new SpeakCommand(meta, speech, loop, stop, legs);
    }
}
