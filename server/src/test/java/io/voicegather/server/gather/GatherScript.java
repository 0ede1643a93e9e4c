package io.voicegather.server.gather;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test helper: a timed script of inputs to a {@link GatherMachine}, written as tokens such as
 * {@code "1@1000 #@2000 timer@5000 cancel@6000 hangup@7000"} ({@code newgather} is the call layer's cancel of the
 * old gather), and the run that plays it while counting outcomes.
 */
final class GatherScript {

    enum Kind { KEY, TIMER, CANCEL, HANGUP }

    record Step(Kind kind, char key, long at) {
        Optional<GatherOutcome> applyTo(GatherMachine machine) {
            return switch (kind) {
                case KEY -> machine.onDigit(key, at);
                case TIMER -> machine.onTimer(at);
                case CANCEL -> machine.cancel(at);
                case HANGUP -> machine.hangup(at);
            };
        }
    }

    /** What a run produced: the single outcome (if any), when it ended, and how many outcomes were returned. */
    record Run(GatherOutcome outcome, long endedAt, int outcomes) {
    }

    private GatherScript() {
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
            steps.add(switch (what) {
                case "timer" -> new Step(Kind.TIMER, '\0', at);
                case "cancel", "newgather" -> new Step(Kind.CANCEL, '\0', at);
                case "hangup" -> new Step(Kind.HANGUP, '\0', at);
                default -> {
                    if (what.length() != 1) {
                        throw new IllegalArgumentException("bad token " + token);
                    }
                    yield new Step(Kind.KEY, what.charAt(0), at);
                }
            });
        }
        return steps;
    }

    /**
     * Plays the steps. With {@code ownerTimers}, behaves like a faithful owner: fires the machine's timer at
     * {@link GatherMachine#nextDeadline()} whenever that falls strictly before the next step, and after the last step
     * keeps firing until the machine ends. Without it, only the script's own timer steps run.
     */
    static Run play(GatherMachine machine, List<Step> steps, boolean ownerTimers) {
        GatherOutcome outcome = null;
        int outcomes = 0;
        for (Step step : steps) {
            if (ownerTimers) {
                for (int guard = 0; guard < 1_000 && !machine.ended() && machine.nextDeadline() < step.at(); guard++) {
                    Optional<GatherOutcome> o = machine.onTimer(machine.nextDeadline());
                    if (o.isPresent()) {
                        outcome = o.get();
                        outcomes++;
                    }
                }
            }
            Optional<GatherOutcome> o = step.applyTo(machine);
            if (o.isPresent()) {
                outcome = outcome == null ? o.get() : outcome;
                outcomes++;
            }
        }
        if (ownerTimers) {
            for (int guard = 0; guard < 1_000 && !machine.ended() && machine.nextDeadline() != Long.MAX_VALUE; guard++) {
                Optional<GatherOutcome> o = machine.onTimer(machine.nextDeadline());
                if (o.isPresent()) {
                    outcome = outcome == null ? o.get() : outcome;
                    outcomes++;
                }
            }
        }
        long endedAt = machine.endedAt().orElse(Long.MIN_VALUE);
        return new Run(outcome, endedAt, outcomes);
    }
}
