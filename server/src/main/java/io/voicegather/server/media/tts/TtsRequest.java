package io.voicegather.server.media.tts;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One prompt to render: its segments, the voice, the language and the speaking rate (1.0 normal).
 *
 * @param segments from {@link Ssml#parse}
 * @param voice    from {@link VoiceCatalog#resolve}
 * @param language language tag to speak, or null (usually {@code voice.language()})
 * @param rate     speaking rate, 1.0 normal, clamped by engines to [{@link VoiceCatalog#MIN_RATE},
 *                 {@link VoiceCatalog#MAX_RATE}]
 */
public record TtsRequest(List<SpeechSegment> segments, VoiceChoice voice, String language, double rate) {

    public TtsRequest {
        segments = List.copyOf(segments);
        Objects.requireNonNull(voice, "voice");
        if (!(rate > 0) || !Double.isFinite(rate)) {
            rate = 1.0;
        }
    }

    /**
     * Everything a {@code speak} or {@code gather_using_speak} command says about its prompt, read in one step.
     *
     * @param payload       the {@code payload} (or {@code invalid_payload})
     * @param payloadType   {@code text}, {@code ssml} or null (text)
     * @param voice         the {@code voice} string, any value
     * @param language      the {@code language}, null or any value (see {@link VoiceCatalog#resolve})
     * @param voiceSettings the {@code voice_settings} object as a map, or null
     * @throws SsmlException            when an SSML payload is malformed (answer 422, pointer /payload)
     * @throws IllegalArgumentException when payloadType is neither text nor ssml (422, pointer /payload_type)
     */
    public static TtsRequest forSpeak(String payload, String payloadType, String voice, String language,
            Map<String, ?> voiceSettings) {
        VoiceChoice choice = VoiceCatalog.resolve(voice, language, voiceSettings);
        return new TtsRequest(Ssml.parse(payload, PayloadType.fromWire(payloadType)), choice, choice.language(),
                VoiceCatalog.speakingRate(voiceSettings));
    }

    /** Plain text in the given voice at normal rate, with the voice's own language. */
    public static TtsRequest of(String text, VoiceChoice voice) {
        return new TtsRequest(Ssml.plainText(text), voice, voice.language(), 1.0);
    }

    /** The rate an engine should use: {@link #rate()} clamped to the honoured range. */
    public double clampedRate() {
        return Math.max(VoiceCatalog.MIN_RATE, Math.min(VoiceCatalog.MAX_RATE, rate));
    }

    /** A stable, unambiguous rendering of the segments, for cache keys. */
    public String segmentsKey() {
        StringBuilder key = new StringBuilder();
        for (SpeechSegment segment : segments) {
            if (segment instanceof SpeechSegment.Text text) {
                key.append('T').append(text.text().length()).append(':').append(text.text());
            } else if (segment instanceof SpeechSegment.Pause pause) {
                key.append('P').append(pause.millis()).append(';');
            }
        }
        return key.toString();
    }
}
