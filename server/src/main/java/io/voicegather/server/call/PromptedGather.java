package io.voicegather.server.call;

import io.voicegather.server.gather.GatherOutcome;
import io.voicegather.server.gather.PromptEffect;
import io.voicegather.server.gather.PromptReaction;
import io.voicegather.server.gather.PromptedGatherMachine;
import io.voicegather.server.media.play.PcmAudio;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * A gather_using_audio or gather_using_speak on a call. It carries out the machine's effects: playing the main or
 * the invalid prompt, stopping it on barge-in. It feeds the machine the end of each prompt, which arrives
 * asynchronously. Used on the call's strand only.
 */
final class PromptedGather implements RunningGather {
    /** What the call does when the prompt's own progress (not a key or the timer) changes the gather. */
    interface Owner {
        /** The machine's deadline may have changed: re-arm the timer. */
        void deadlineChanged();

        /** The gather ended because a prompt ended. */
        void ended(GatherOutcome outcome);

        /** An audio prompt started (for call.playback.started); prompt 0 = main, 1 = invalid. */
        void promptStarted(boolean invalid);

        /** An audio prompt ended or failed (for call.playback.ended). */
        void promptEnded(boolean invalid, String status, String detail);
    }

    private final PromptedGatherMachine machine;
    private final CompletableFuture<PcmAudio> mainPrompt;
    private final CompletableFuture<PcmAudio> invalidPrompt;
    private final CallAudio audio;
    private final Executor strand;
    private final LongSupplier clock;
    private final Owner owner;
    /** Whether a prompt of ours plays (started, not yet ended or stopped), and whether it is the invalid one. */
    private boolean playing;
    private boolean playingInvalid;

    PromptedGather(PromptedGatherMachine machine, CompletableFuture<PcmAudio> mainPrompt,
                   CompletableFuture<PcmAudio> invalidPrompt, CallAudio audio, Executor strand, LongSupplier clock,
                   Owner owner) {
        this.machine = machine;
        this.mainPrompt = mainPrompt;
        this.invalidPrompt = invalidPrompt;
        this.audio = audio;
        this.strand = strand;
        this.clock = clock;
        this.owner = owner;
    }

    Optional<GatherOutcome> start() {
        return apply(machine.start(clock.getAsLong()));
    }

    @Override
    public Optional<GatherOutcome> onDigit(char digit, long now) {
        return apply(machine.onDigit(digit, now));
    }

    @Override
    public Optional<GatherOutcome> onTimer(long now) {
        return apply(machine.onTimer(now));
    }

    @Override
    public Optional<GatherOutcome> cancel(long now) {
        return apply(machine.cancel(now));
    }

    @Override
    public Optional<GatherOutcome> hangup(long now) {
        return apply(machine.hangup(now));
    }

    @Override
    public long nextDeadline() {
        return machine.nextDeadline();
    }

    private Optional<GatherOutcome> apply(PromptReaction reaction) {
        for (PromptEffect effect : reaction.effects()) {
            switch (effect.type()) {
                case PLAY_MAIN_PROMPT -> play(mainPrompt, false, effect.prompt());
                case PLAY_INVALID_PROMPT -> play(invalidPrompt, true, effect.prompt());
                case STOP_PROMPT -> stopPlaying();
            }
        }
        return reaction.outcome();
    }

    private void play(CompletableFuture<PcmAudio> audio, boolean invalid, int prompt) {
        if (audio == null) {
            strand.execute(() -> promptOver(prompt)); // no such prompt: it is over at once (next turn, not re-entrant)
            return;
        }
        audio.whenComplete((pcm, error) -> strand.execute(() -> begin(pcm, error, invalid, prompt)));
    }

    private void begin(PcmAudio pcm, Throwable error, boolean invalid, int prompt) {
        if (machine.ended() || machine.currentPrompt() != prompt || !machine.promptPlaying()) {
            return; // barged in, or the gather ended, while the prompt was loading
        }
        if (error != null) {
            PromptUnavailableException failure = PromptUnavailableException.of(error);
            owner.promptEnded(invalid, failure.playbackStatus(), failure.getMessage());
            promptOver(prompt); // a prompt that cannot play counts as ended, so the no-input timer starts
            return;
        }
        playing = true;
        playingInvalid = invalid;
        owner.promptStarted(invalid);
        audio.play(this, pcm, 1, completed -> clipFinished(prompt, completed));
    }

    private void clipFinished(int prompt, boolean completed) {
        if (!playing || machine.currentPrompt() != prompt) {
            return; // already reported as stopped
        }
        boolean invalid = playingInvalid;
        playing = false;
        owner.promptEnded(invalid, completed ? "completed" : "cancelled", null);
        promptOver(prompt);
    }

    private void stopPlaying() {
        if (playing) {
            boolean invalid = playingInvalid;
            playing = false;
            audio.stop(this);
            owner.promptEnded(invalid, "cancelled", null);
        }
    }

    private void promptOver(int prompt) {
        Optional<GatherOutcome> outcome = apply(machine.onPromptEnded(prompt, clock.getAsLong()));
        if (outcome.isPresent()) {
            owner.ended(outcome.get());
        } else {
            owner.deadlineChanged();
        }
    }
}
