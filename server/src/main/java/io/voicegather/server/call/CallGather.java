package io.voicegather.server.call;

import io.voicegather.api.command.PlaybackStartCommand;
import io.voicegather.server.gather.GatherOutcome;
import io.voicegather.server.gather.PromptedGatherMachine;
import io.voicegather.server.gather.PromptedGatherSpec;
import io.voicegather.server.media.play.PcmAudio;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The gather a call is running, if any, and its timer: starts it, feeds it keys and timer ticks, replaces, cancels or
 * hangs it up, and reports its one end (call.gather.ended) before handing the line back to queued playbacks.
 *
 * <p>Threading: the call's strand only. The timer fires on the timer thread, which only queues the tick on the strand.
 *
 * <p>Ordering: a timer tick of a gather that has since ended or been replaced does nothing; a key is judged by the
 * time it arrived, passed in by the caller, a tick by the clock when the strand gets to it.
 */
final class CallGather {
    private final Call call;
    private final CallEvents events;
    private final ScheduledExecutorService timers;
    private final Clock clock;

    private RunningGather running;
    private ScheduledFuture<?> timer;

    CallGather(Call call, CallEvents events, ScheduledExecutorService timers, Clock clock) {
        this.call = call;
        this.events = events;
        this.timers = timers;
        this.clock = clock;
    }

    boolean isRunning() {
        return running != null;
    }

    /** Starts a gather without a prompt, replacing the running one. */
    void startPlain(RunningGather gather) {
        cancel();
        running = gather;
        armTimer();
    }

    /** A gather with a prompt: it takes the line from queued playbacks until it ends. */
    void startPrompted(PromptedGatherSpec spec, CompletableFuture<PcmAudio> main, CompletableFuture<PcmAudio> invalid,
                       PlaybackStartCommand.Audio mainAudio, PlaybackStartCommand.Audio invalidAudio) {
        cancel();
        call.player.suspend();
        PromptReports reports = new PromptReports(mainAudio, invalidAudio);
        PromptedGather gather = new PromptedGather(new PromptedGatherMachine(spec), main, invalid, call.audio,
                call.strand, clock::millis, reports);
        reports.gather = gather;
        running = gather;
        afterStep(gather.start());
    }

    /** A key, at the time its packet (or INFO) arrived. */
    void onDigit(char digit, long arrivalMillis) {
        if (running != null) {
            afterStep(running.onDigit(digit, arrivalMillis));
        }
    }

    /** Ends the running gather as replaced or stopped, if one runs. */
    void cancel() {
        if (running != null) {
            finish(running.cancel(clock.millis()));
        }
    }

    /** Ends the running gather because the call ended, if one runs. */
    void hangup() {
        if (running != null) {
            finish(running.hangup(clock.millis()));
        }
    }

    private void onTimer(RunningGather gather) {
        if (running != gather) {
            return; // a timer of a gather that has already ended
        }
        afterStep(gather.onTimer(clock.millis()));
    }

    private void afterStep(Optional<GatherOutcome> outcome) {
        if (outcome.isPresent()) {
            finish(outcome);
        } else {
            armTimer();
        }
    }

    private void armTimer() {
        cancelTimer();
        RunningGather gather = running;
        if (gather == null || gather.nextDeadline() == Long.MAX_VALUE) {
            return;
        }
        long delay = Math.max(0, gather.nextDeadline() - clock.millis());
        timer = timers.schedule(() -> call.strand.execute(() -> onTimer(gather)), delay, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void finish(Optional<GatherOutcome> outcome) {
        cancelTimer();
        running = null;
        outcome.ifPresent(o -> events.gatherEnded(call, o, clock.instant()));
        if (call.player != null && call.state == CallState.ANSWERED) {
            call.player.resume(); // playbacks queued during a prompted gather now play
        }
    }

    /** What a prompted gather reports about its prompts, and its end when a prompt (not a key or timer) ends it. */
    private final class PromptReports implements PromptedGather.Owner {
        private final PlaybackStartCommand.Audio mainAudio;
        private final PlaybackStartCommand.Audio invalidAudio;
        /** Set right after construction; the gather reports only once started. */
        PromptedGather gather;

        PromptReports(PlaybackStartCommand.Audio mainAudio, PlaybackStartCommand.Audio invalidAudio) {
            this.mainAudio = mainAudio;
            this.invalidAudio = invalidAudio;
        }

        @Override
        public void deadlineChanged() {
            if (running == gather) {
                armTimer();
            }
        }

        @Override
        public void ended(GatherOutcome outcome) {
            if (running == gather) {
                finish(Optional.of(outcome));
            }
        }

        @Override
        public void promptStarted(boolean isInvalid) {
            PlaybackStartCommand.Audio a = isInvalid ? invalidAudio : mainAudio;
            if (a != null) { // audio prompts report like playbacks; spoken prompts do not
                events.playbackStarted(call, a.audioUrl(), a.mediaName(), clock.instant());
            }
        }

        @Override
        public void promptEnded(boolean isInvalid, String status, String detail) {
            PlaybackStartCommand.Audio a = isInvalid ? invalidAudio : mainAudio;
            if (a != null) {
                events.playbackEnded(call, a.audioUrl(), a.mediaName(), status, detail, clock.instant());
            }
        }
    }
}
