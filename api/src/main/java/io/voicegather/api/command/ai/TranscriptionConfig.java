package io.voicegather.api.command.ai;

/**
 * {@code transcription}: {@code {model?, language?}} as sent (nulls when absent). The model names a Telnyx
 * transcription engine; this server records it and uses its own configured recogniser.
 */
public record TranscriptionConfig(String model, String language) {
    public static final TranscriptionConfig NONE = new TranscriptionConfig(null, null);
}
