package io.voicegather.server.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test helper: plays a timed script against a {@link PromptedGatherMachine} the way its owner would, and records
 * what came out.
 *
 * <p>Script tokens: {@code 1@1000} (a key), {@code timer@5000}, {@code cancel@6000}, {@code hangup@7000},
 * {@code ended@3000} (the prompt now playing ended) and {@code ended2@3000} (prompt number 2 ended, whatever plays).
 *
 * <p>The simulated owner plays prompts of fixed lengths: a prompt started at t reports its end at t + its length,
 * <em>even when it was stopped</em> (a late report the machine must ignore). A length of 0 is a prompt that failed
 * to load; a negative length means the script reports prompt ends itself. With {@code ownerTimers} the owner fires
 * the timer exactly at each deadline; otherwise only the script's {@code timer@t} steps run. Owner events due at or
 * before a step's time run before the step. After every input the run checks the machine's liveness invariant.
 */
final class PromptScript {

    enum Kind { KEY, TIMER, CANCEL, HANGUP, ENDED }

    /** @param prompt for ENDED: the prompt's number, or -1 for the one now playing */
    record Step(Kind kind, char key, int prompt, long at) {
    }

    /** The single outcome (if any), when it ended, how many outcomes came out, and the effects as text. */
    record Run(GatherOutcome outcome, long endedAt, int outcomes, String effects) {
    }

    /** The owner's media player, as lengths of the main and the invalid prompt. */
    record Player(long mainMillis, long invalidMillis) {
    }

    private record PendingEnd(int prompt, long at) {
    }

    private final PromptedGatherMachine machine;
    private final Player player;
    private final List<PendingEnd> pending = new ArrayList<>();
    private final StringBuilder effects = new StringBuilder();
    private GatherOutcome outcome;
    private int outcomes;

    private PromptScript(PromptedGatherMachine machine, Player player) {
        this.machine = machine;
        this.player = player;
    }

    static List<Step> parse(String script) {
        List<Step> steps = new ArrayList<>();
        for (String token : script.trim().split("\\s+")) {
            if (token.isEmpty()) {
                continue;
            }
            int atSign = token.lastIndexOf('@');
            String what = token.substring(0, atSign);
            long at = Long.parseLong(token.substring(atSign + 1));
            if (what.startsWith("ended")) {
                String n = what.substring("ended".length());
                steps.add(new Step(Kind.ENDED, '\0', n.isEmpty() ? -1 : Integer.parseInt(n), at));
                continue;
            }
            steps.add(switch (what) {
                case "timer" -> new Step(Kind.TIMER, '\0', 0, at);
                case "cancel" -> new Step(Kind.CANCEL, '\0', 0, at);
                case "hangup" -> new Step(Kind.HANGUP, '\0', 0, at);
                default -> {
                    if (what.length() != 1) {
                        throw new IllegalArgumentException("bad token " + token);
                    }
                    yield new Step(Kind.KEY, what.charAt(0), 0, at);
                }
            });
        }
        return steps;
    }

    static Run play(PromptedGatherMachine machine, long startAt, List<Step> steps, Player player,
                    boolean ownerTimers) {
        PromptScript run = new PromptScript(machine, player);
        run.take(machine.start(startAt), startAt);
        for (Step step : steps) {
            run.ownerEventsUntil(step.at(), ownerTimers);
            run.take(run.apply(step), step.at());
        }
        run.ownerEventsUntil(Long.MAX_VALUE - 1, ownerTimers);
        return new Run(run.outcome, machine.endedAt().orElse(Long.MIN_VALUE), run.outcomes,
                run.effects.toString().trim());
    }

    private PromptReaction apply(Step step) {
        return switch (step.kind()) {
            case KEY -> machine.onDigit(step.key(), step.at());
            case TIMER -> machine.onTimer(step.at());
            case CANCEL -> machine.cancel(step.at());
            case HANGUP -> machine.hangup(step.at());
            case ENDED -> machine.onPromptEnded(step.prompt() < 0 ? machine.currentPrompt() : step.prompt(),
                    step.at());
        };
    }

    /** Prompt ends and (optionally) timers that fall due at or before {@code until}, in time order. */
    private void ownerEventsUntil(long until, boolean ownerTimers) {
        for (int guard = 0; guard < 10_000; guard++) {
            PendingEnd nextEnd = pending.stream().min((a, b) -> Long.compare(a.at(), b.at())).orElse(null);
            long endAt = nextEnd == null ? Long.MAX_VALUE : nextEnd.at();
            long timerAt = ownerTimers && !machine.ended() ? machine.nextDeadline() : Long.MAX_VALUE;
            if (Math.min(endAt, timerAt) > until || Math.min(endAt, timerAt) == Long.MAX_VALUE) {
                return;
            }
            if (endAt <= timerAt) {
                pending.remove(nextEnd);
                take(machine.onPromptEnded(nextEnd.prompt(), endAt), endAt);
            } else {
                take(machine.onTimer(timerAt), timerAt);
            }
        }
        throw new AssertionError("the owner's events never stop");
    }

    private void take(PromptReaction reaction, long now) {
        for (PromptEffect effect : reaction.effects()) {
            String name = switch (effect.type()) {
                case PLAY_MAIN_PROMPT -> "main";
                case PLAY_INVALID_PROMPT -> "invalid";
                case STOP_PROMPT -> "stop";
            };
            effects.append(name).append(effect.prompt()).append('@').append(now).append(' ');
            long length = effect.type() == PromptEffect.Type.PLAY_MAIN_PROMPT ? player.mainMillis()
                    : effect.type() == PromptEffect.Type.PLAY_INVALID_PROMPT ? player.invalidMillis() : -1;
            if (length >= 0) {
                pending.add(new PendingEnd(effect.prompt(), now + length));
            }
        }
        Optional<GatherOutcome> o = reaction.outcome();
        if (o.isPresent()) {
            outcomes++;
            outcome = outcome == null ? o.get() : outcome;
        }
        checkLiveness(machine, now);
    }

    /** Until it ends, the machine plays a prompt or has a deadline armed, and an armed deadline lies ahead. */
    static void checkLiveness(PromptedGatherMachine machine, long now) {
        if (machine.ended()) {
            if (machine.nextDeadline() != Long.MAX_VALUE || machine.promptPlaying()) {
                throw new AssertionError("an ended machine still asks for something");
            }
            return;
        }
        boolean deadline = machine.nextDeadline() != Long.MAX_VALUE;
        if (machine.promptPlaying() == deadline) {
            throw new AssertionError("at " + now + ": prompt playing " + machine.promptPlaying()
                    + ", deadline armed " + deadline + " (exactly one must hold)");
        }
        if (deadline && machine.nextDeadline() <= now) {
            throw new AssertionError("at " + now + ": a deadline that has passed is still armed");
        }
    }
}
