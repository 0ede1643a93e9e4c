package io.voicegather.server.media.tts;

import java.util.List;
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
