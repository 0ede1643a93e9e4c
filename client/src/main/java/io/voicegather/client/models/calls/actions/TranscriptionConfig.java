package io.voicegather.client.models.calls.actions;

/**
 * Speech-to-text settings of the AI commands.
 *
 * @param model    e.g. "deepgram/nova-3"; null for the server default
 * @param language model-specific language hint, e.g. "en"; null for "auto"
 */
public record TranscriptionConfig(String model, String language) {
}
