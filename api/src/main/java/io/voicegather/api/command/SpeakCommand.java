package io.voicegather.api.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * {@code POST /v2/calls/{id}/actions/speak}, with every default applied and every value checked.
 *
 * @param speech     what to say and how
 * @param loop       1..100 or {@link PlaybackStartCommand#LOOP_INFINITY}
 * @param stop       what to stop before this one starts; null when not sent (the speech is queued)
 * @param targetLegs accepted as sent; only {@link PlaybackStartCommand.TargetLegs#SELF} is honoured by this server
 */
public record SpeakCommand(CommandMeta meta,
                           Speech speech,
                           int loop,
                           PlaybackStopCommand.Stop stop,
                           PlaybackStartCommand.TargetLegs targetLegs) {

    public static final int MAX_PAYLOAD_LENGTH = 3000;

    public boolean loopsForever() {
        return loop == PlaybackStartCommand.LOOP_INFINITY;
    }

    public enum PayloadType {
        TEXT, SSML;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum ServiceLevel {
        BASIC, PREMIUM;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One text to render, shared by speak and gather_using_speak (whose invalid prompt is a Speech with the
     * same voice and settings and the invalid_payload as text).
     *
     * @param payload       1..3000 characters of text or SSML
     * @param payloadType   TEXT by default
     * @param voice         the voice string exactly as sent (any non-empty string; the TTS maps it to a local voice)
     * @param serviceLevel  PREMIUM by default; BASIC with a language other than en-US or SSML is accepted as is
     * @param language      one of the 29 Telnyx speak languages in its canonical spelling (e.g. "en-US"), or null
     * @param voiceSettings the voice_settings object as sent (its {@code type} is a string when present), or null
     */
    public record Speech(String payload,
                         PayloadType payloadType,
                         String voice,
                         ServiceLevel serviceLevel,
                         String language,
                         ObjectNode voiceSettings) {

        /** The same voice and settings saying something else (the invalid prompt of gather_using_speak). */
        public Speech withPayload(String otherPayload) {
            return new Speech(otherPayload, payloadType, voice, serviceLevel, language, voiceSettings);
        }
    }
}
