package io.voicegather.server.media.tts;

/** One piece of a prompt after SSML parsing: words to speak, or a silence of a given length. */
public sealed interface SpeechSegment permits SpeechSegment.Text, SpeechSegment.Pause {

    /** Words to speak; never blank, whitespace already collapsed. */
    record Text(String text) implements SpeechSegment {
        public Text {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text segment must not be blank");
            }
        }
    }

    /** Silence of {@code millis} milliseconds (positive). */
    record Pause(int millis) implements SpeechSegment {
        public Pause {
            if (millis <= 0) {
                throw new IllegalArgumentException("pause must be positive: " + millis);
            }
        }
    }
}
