package io.voicegather.server.call;

import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.server.media.play.PcmAudio;

import java.util.concurrent.CompletableFuture;

/**
 * Every prompt is 40 ms of silence, ready at once: a prompted gather on a call under test plays it for real on the
 * call's media stream, and its no-input wait starts when it ends. Nothing is fetched.
 */
final class ShortPrompts implements PromptLoader {
    private static final int PROMPT_MILLIS = 40;

    @Override
    public CompletableFuture<PcmAudio> audio(PlaybackStartCommand.Audio audio, boolean useCache) {
        return CompletableFuture.completedFuture(PcmAudio.silence(PROMPT_MILLIS));
    }

    @Override
    public CompletableFuture<PcmAudio> speech(SpeakCommand.Speech speech) {
        return CompletableFuture.completedFuture(PcmAudio.silence(PROMPT_MILLIS));
    }
}
