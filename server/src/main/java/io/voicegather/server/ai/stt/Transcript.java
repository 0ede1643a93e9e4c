package io.voicegather.server.ai.stt;

/**
 * A recogniser's answer.
 *
 * @param text       what was heard, possibly empty (nothing recognisable)
 * @param confidence 0..1, or NaN when the recogniser does not say
 */
public record Transcript(String text, double confidence) {
    public static Transcript of(String text) {
        return new Transcript(text == null ? "" : text.strip(), Double.NaN);
    }

    public boolean isEmpty() {
        return text.isBlank();
    }
}
