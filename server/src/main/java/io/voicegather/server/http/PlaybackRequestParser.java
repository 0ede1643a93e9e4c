package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.PlaybackStopCommand;
import io.voicegather.api.error.ApiError;

import java.util.List;

/** Bodies of {@code playback_start} and {@code playback_stop}. */
final class PlaybackRequestParser {
    /** The three sources of playback_start, in the order that decides which one an "exclusive" error names. */
    private static final List<String> SOURCES = List.of("audio_url", "media_name", "playback_content");

    private PlaybackRequestParser() {
    }

    /**
     * Exactly one of audio_url, media_name, playback_content: none → 10004 on /audio_url; each one after the
     * first → 10015 on its own pointer
     * (unless that field already has an error of its own).
     */
    static PlaybackStartCommand start(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        String url = PromptFields.url(f, "audio_url");
        String name = PromptFields.mediaName(f, "media_name");
        byte[] content = PromptFields.base64Content(f, "playback_content");
        String first = null;
        for (String source : SOURCES) {
            if (f.present(source) == null) {
                continue;
            }
            if (first == null) {
                first = source;
            } else if (!f.hasErrorFor(source)) {
                f.reject(PromptFields.exclusive(source, first));
            }
        }
        if (first == null) {
            f.reject(ApiError.missingParameter("audio_url"));
        }
        PlaybackStartCommand.AudioType type = PromptFields.choice(f, "audio_type",
                PlaybackStartCommand.AudioType.class, PlaybackStartCommand.AudioType.MP3);
        Integer loop = PromptFields.loop(f);
        Boolean overlay = f.bool("overlay", false);
        PlaybackStopCommand.Stop stop = PromptFields.choice(f, "stop", PlaybackStopCommand.Stop.class, null);
        PlaybackStartCommand.TargetLegs legs = PromptFields.choice(f, "target_legs",
                PlaybackStartCommand.TargetLegs.class, PlaybackStartCommand.TargetLegs.SELF);
        Boolean cache = f.bool("cache_audio", true);
        f.throwIfInvalid();
        return new PlaybackStartCommand(meta, new PlaybackStartCommand.Audio(url, name, content, type), loop,
                overlay, stop, legs, cache);
    }

    static PlaybackStopCommand stop(ObjectNode body) {
        BodyFields f = new BodyFields(body);
        CommandMeta meta = f.meta();
        PlaybackStopCommand.Stop stop = PromptFields.choice(f, "stop", PlaybackStopCommand.Stop.class,
                PlaybackStopCommand.Stop.ALL);
        Boolean overlay = f.bool("overlay", false);
        f.throwIfInvalid();
        return new PlaybackStopCommand(meta, stop, overlay);
    }
}
