package io.voicegather.server.gather;

/**
 * Something the owner of a {@link PromptedGatherMachine} must do to the call's media, in the order given.
 *
 * @param prompt which prompt this is about: every play gets a new number, so that the owner can tell the machine
 *               which prompt ended ({@link PromptedGatherMachine#onPromptEnded(int, long)}) and a late report about
 *               a prompt that was stopped or replaced is recognised and ignored
 */
public record PromptEffect(Type type, int prompt) {

    public enum Type {
        /** Start the main prompt ({@code audio_url} / {@code media_name} / {@code payload}). */
        PLAY_MAIN_PROMPT,
        /** Start the invalid-input prompt ({@code invalid_audio_url} / {@code invalid_media_name} / {@code invalid_payload}). */
        PLAY_INVALID_PROMPT,
        /** Stop the prompt that is playing (barge-in, or the gather ended while it played). */
        STOP_PROMPT
    }
}
