package io.voicegather.bench.turn;

import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.api.command.SpeakCommand;
import io.voicegather.server.call.PromptLoader;
import io.voicegather.server.media.play.PcmAudio;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/** The server's prompt loader with two stamps around speech: asked for, and ready (on the render thread). */
final class TimedPromptLoader implements PromptLoader {
    private final PromptLoader inner;
    private final Map<String, Caller> replyOwners;
    private final AtomicLong unattributed = new AtomicLong();

    TimedPromptLoader(PromptLoader inner, Map<String, Caller> replyOwners) {
        this.inner = inner;
        this.replyOwners = replyOwners;
    }

    /** Speech requests that belonged to no caller's current turn (should stay 0). */
    long unattributed() {
        return unattributed.get();
    }

    @Override
    public CompletableFuture<PcmAudio> audio(PlaybackStartCommand.Audio audio, boolean useCache) {
        return inner.audio(audio, useCache);
    }

    @Override
    public CompletableFuture<PcmAudio> speech(SpeakCommand.Speech speech) {
        long asked = System.nanoTime();
        Caller caller = replyOwners.get(speech.payload());
        Turn t = caller == null ? null : caller.turn;
        if (t == null || t.renderCalled != 0) {
            unattributed.incrementAndGet(); // not a measured reply (e.g. a second render of one turn): passed on
            return inner.speech(speech);
        }
        t.renderCalled = asked;
        // the stamp runs before the caller's own completion stage (it is attached to the future we return)
        return inner.speech(speech).whenComplete((pcm, error) -> {
            t.renderDone = System.nanoTime();
            t.reply = pcm;
        });
    }
}
