package io.voicegather.bench.turn;

import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.server.ai.conversation.SpeechChunks;
import io.voicegather.server.call.PromptLoader;
import io.voicegather.server.media.play.PcmAudio;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A voice server that takes a fixed time per sentence it is asked to say, like a remote text-to-speech service:
 * the real render, handed back only after {@code millisPerSentence} × the sentences in the text.
 */
final class SlowVoice implements PromptLoader {
    private final PromptLoader inner;
    private final long millisPerSentence;

    SlowVoice(PromptLoader inner, long millisPerSentence) {
        this.inner = inner;
        this.millisPerSentence = millisPerSentence;
    }

    @Override
    public CompletableFuture<PcmAudio> audio(PlaybackStartCommand.Audio audio, boolean useCache) {
        return inner.audio(audio, useCache);
    }

    @Override
    public CompletableFuture<PcmAudio> speech(SpeakCommand.Speech speech) {
        long delay = millisPerSentence * Math.max(1, SpeechChunks.split(speech.payload()).size());
        Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
        return inner.speech(speech).thenApplyAsync(pcm -> pcm, later);
    }
}
