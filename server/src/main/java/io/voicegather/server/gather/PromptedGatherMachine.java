package io.voicegather.server.gather;

import io.voicegather.api.command.DtmfKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state machine of one {@code gather_using_audio} / {@code gather_using_speak}: a prompt, tries, an invalid
 * prompt. Pure: no threads, no clock; every input carries its time in milliseconds, a key the time it arrived (as in
 * {@link GatherMachine}). Not thread-safe: the owner (the call's strand) feeds it one input at a time. The rules are
 * written down, row by row, in the "With a prompt" section of docs/gather-semantics.md.
 *
 * <p>Each try is one {@link DigitCollector}: while its prompt plays no timer runs; a key stops the prompt (barge-in)
 * and is the try's first digit; when the prompt ends, the no-input timer ({@code timeout_millis}) starts. So the
 * machine, until it ends, always either plays a prompt or has a deadline armed, never neither.
 *
 * <p>The owner performs the returned {@link PromptEffect}s in order, reports the end of every prompt it started with
 * {@link #onPromptEnded(int, long)} (a prompt that could not be loaded ends at once), and schedules a timer at
 * {@link #nextDeadline()} after every input. An early or stale timer is a no-op. Like {@link GatherMachine}, every
 * input first settles a deadline that has already passed, so a late timer changes nothing but the delivery time.
 *
 * <p>Exactly one outcome per machine: the first reaction that carries one is the last that does anything.
 */
public final class PromptedGatherMachine {
    private enum Phase { NOT_STARTED, MAIN_PROMPT, INVALID_PROMPT, COLLECTING, ENDED }

    private final PromptedGatherSpec spec;
    private final GatherSpec tryRules;
    private Phase phase = Phase.NOT_STARTED;
    private DigitCollector collector;
    private int tryNumber;
    private int prompt;
    private long startedAt;
    private long endedAt;
    private GatherOutcome outcome;
    private List<PromptEffect> effects;

    public PromptedGatherMachine(PromptedGatherSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.validDigits(), "validDigits");
        if (spec.maximumDigits() < 1 || spec.minimumDigits() < 0 || spec.timeoutMillis() < 0
                || spec.interDigitTimeoutMillis() < 0 || spec.maximumTries() < 1) {
            throw new IllegalArgumentException("unusable prompted gather spec: " + spec);
        }
        this.tryRules = spec.tryRules();
    }

    /** The command was accepted: the first try begins and its main prompt plays. Keys stamped before now are ignored. */
    public PromptReaction start(long now) {
        if (phase != Phase.NOT_STARTED) {
            throw new IllegalStateException("already started");
        }
        startedAt = now;
        effects = new ArrayList<>(2);
        beginTry(Phase.MAIN_PROMPT);
        return react();
    }

    /**
     * The given prompt finished playing, by itself or because it could not be loaded or decoded. A report about a
     * prompt other than the one playing (one that was stopped, or an older one) is ignored.
     */
    public PromptReaction onPromptEnded(int endedPrompt, long now) {
        if (!running()) {
            return PromptReaction.NOTHING;
        }
        effects = new ArrayList<>(2);
        settle(now);
        if (endedPrompt == prompt && phase == Phase.MAIN_PROMPT) {
            phase = Phase.COLLECTING;
            collector.armInitialTimer(now);
            settle(now); // a zero timeout_millis gives up at once
        } else if (endedPrompt == prompt && phase == Phase.INVALID_PROMPT) {
            playMainPrompt();
        }
        return react();
    }

    /**
     * A key the caller pressed ({@code 0-9 * # A-D}). During a prompt it stops the prompt and counts as the try's
     * first digit.
     *
     * @throws IllegalArgumentException for a character that is not a DTMF key
     */
    public PromptReaction onDigit(char digit, long now) {
        if (!DtmfKey.isKey(digit)) {
            throw new IllegalArgumentException("not a DTMF key: " + (int) digit);
        }
        if (!running() || now < startedAt) {
            return PromptReaction.NOTHING;
        }
        effects = new ArrayList<>(2);
        settle(now);
        if (phase == Phase.MAIN_PROMPT || phase == Phase.INVALID_PROMPT) {
            effects.add(new PromptEffect(PromptEffect.Type.STOP_PROMPT, prompt));
            phase = Phase.COLLECTING;
        }
        if (phase == Phase.COLLECTING) {
            GatherStatus status = collector.onKey(digit, now);
            if (status != null) {
                endTry(status, now);
            } else {
                settle(now); // a zero inter-digit timeout ends the try at once
            }
        }
        return react();
    }

    /** The owner's timer fired. Acts on a deadline that has passed; otherwise (early or stale) does nothing. */
    public PromptReaction onTimer(long now) {
        if (!running()) {
            return PromptReaction.NOTHING;
        }
        effects = new ArrayList<>(2);
        settle(now);
        return react();
    }

    /** gather_stop, or a new command that replaces this gather: ends with CANCELLED and the current try's digits. */
    public PromptReaction cancel(long now) {
        return interrupt(GatherStatus.CANCELLED, now);
    }

    /** The call ended: ends with CALL_HANGUP and the current try's digits. */
    public PromptReaction hangup(long now) {
        return interrupt(GatherStatus.CALL_HANGUP, now);
    }

    /** When the owner should call {@link #onTimer(long)}; {@link Long#MAX_VALUE} while a prompt plays or once ended. */
    public long nextDeadline() {
        return phase == Phase.COLLECTING ? collector.nextDeadline() : Long.MAX_VALUE;
    }

    /** Whether a prompt (main or invalid) is playing, as far as the machine knows. */
    public boolean promptPlaying() {
        return phase == Phase.MAIN_PROMPT || phase == Phase.INVALID_PROMPT;
    }

    /** The number of the prompt last started (0 before {@link #start(long)}). */
    public int currentPrompt() {
        return prompt;
    }

    /** The try under way, or the last one once ended: 1 to maximum_tries (0 before start). */
    public int tryNumber() {
        return tryNumber;
    }

    public boolean ended() {
        return phase == Phase.ENDED;
    }

    /** The logical time of the ending (the deadline itself when a timer ended it), empty while running. */
    public OptionalLong endedAt() {
        return ended() ? OptionalLong.of(endedAt) : OptionalLong.empty();
    }

    public String gatherId() {
        return spec.gatherId();
    }

    private boolean running() {
        if (phase == Phase.NOT_STARTED) {
            throw new IllegalStateException("input before start");
        }
        return phase != Phase.ENDED;
    }

    private PromptReaction interrupt(GatherStatus status, long now) {
        if (!running()) {
            return PromptReaction.NOTHING;
        }
        effects = new ArrayList<>(2);
        settle(now);
        if (phase != Phase.ENDED) {
            // a clock read just before acceptance must not date the ending before the gather began
            end(status, Math.max(now, startedAt));
        }
        return react();
    }

    /** Acts on a passed deadline. A failed try starts a prompt, which arms nothing, so one pass is enough. */
    private void settle(long now) {
        if (phase == Phase.COLLECTING) {
            long deadline = collector.nextDeadline();
            if (now >= deadline) {
                endTry(collector.judge(), deadline);
            }
        }
    }

    /** The try is over: valid input ends the gather; a failure ends it only on the last try, else the next begins. */
    private void endTry(GatherStatus status, long at) {
        if (status == GatherStatus.VALID || tryNumber >= spec.maximumTries()) {
            end(status, at);
        } else if (status == GatherStatus.INVALID && spec.hasInvalidPrompt()) {
            beginTry(Phase.INVALID_PROMPT);
        } else {
            beginTry(Phase.MAIN_PROMPT);
        }
    }

    private void beginTry(Phase promptPhase) {
        tryNumber++;
        collector = new DigitCollector(tryRules, Deadlines.NEVER);
        if (promptPhase == Phase.INVALID_PROMPT) {
            phase = Phase.INVALID_PROMPT;
            effects.add(new PromptEffect(PromptEffect.Type.PLAY_INVALID_PROMPT, ++prompt));
        } else {
            playMainPrompt();
        }
    }

    private void playMainPrompt() {
        phase = Phase.MAIN_PROMPT;
        effects.add(new PromptEffect(PromptEffect.Type.PLAY_MAIN_PROMPT, ++prompt));
    }

    private void end(GatherStatus status, long at) {
        if (promptPlaying()) {
            effects.add(new PromptEffect(PromptEffect.Type.STOP_PROMPT, prompt));
        }
        outcome = new GatherOutcome(status, collector.digits(), spec.gatherId());
        endedAt = at;
        phase = Phase.ENDED;
    }

    private PromptReaction react() {
        Optional<GatherOutcome> ended = Optional.empty();
        if (phase == Phase.ENDED) {
            ended = Optional.of(outcome);
        }
        return new PromptReaction(effects, ended);
    }
}
