package io.voicegather.server.gather;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.api.command.DtmfKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties that must hold for any spec and any script, checked over many random ones (seeded, so a failure names
 * a seed that reproduces it).
 */
class GatherPropertiesTest {
    private static final int SCRIPTS = 20_000;
    private static final String KEYS = DtmfKey.ALL;

    private static GatherSpec randomSpec(Random r) {
        int min = 1 + r.nextInt(4);
        int max = min + r.nextInt(5);
        char[] terminators = {0, '#', '*', '1'};
        StringBuilder valid = new StringBuilder();
        for (char k : KEYS.toCharArray()) {
            if (r.nextInt(4) != 0) {
                valid.append(k);
            }
        }
        return new GatherSpec(min, max, r.nextInt(20_000), r.nextInt(8_000), r.nextInt(6_000),
                terminators[r.nextInt(terminators.length)], valid.toString(), "g" + r.nextInt(1000));
    }

    /** Non-decreasing times; keys mostly, with timers (random, or at the deadline), cancels and hangups. */
    private static List<GatherScript.Step> randomScript(Random r, long acceptedAt, boolean withTimers,
                                                        boolean withInterrupts) {
        List<GatherScript.Step> steps = new ArrayList<>();
        long t = acceptedAt - 1_000 + r.nextInt(1_500); // sometimes a key stamped before acceptance
        int n = r.nextInt(16);
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) == 0 ? 0 : r.nextInt(4_000);
            int pick = r.nextInt(100);
            if (withTimers && pick < 15) {
                steps.add(new GatherScript.Step(GatherScript.Kind.TIMER, '\0', t));
            } else if (withInterrupts && pick >= 97) {
                steps.add(new GatherScript.Step(r.nextBoolean() ? GatherScript.Kind.CANCEL : GatherScript.Kind.HANGUP,
                        '\0', t));
            } else {
                steps.add(new GatherScript.Step(GatherScript.Kind.KEY, KEYS.charAt(r.nextInt(KEYS.length())), t));
            }
        }
        return steps;
    }

    @Test
    void invariantsHoldOverRandomScripts() {
        for (int seed = 0; seed < SCRIPTS; seed++) {
            Random r = new Random(seed);
            GatherSpec spec = randomSpec(r);
            long acceptedAt = r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000);
            GatherMachine machine = new GatherMachine(spec, acceptedAt);
            assertThat(machine.nextDeadline()).as("seed %d", seed).isGreaterThanOrEqualTo(acceptedAt);

            int outcomes = 0;
            GatherOutcome outcome = null;
            for (GatherScript.Step step : randomScript(r, acceptedAt, true, true)) {
                // a faithful owner fires some timers at the deadline, a lazy one never does
                if (r.nextBoolean() && !machine.ended() && machine.nextDeadline() <= step.at()) {
                    Optional<GatherOutcome> o = machine.onTimer(machine.nextDeadline());
                    outcomes += o.isPresent() ? 1 : 0;
                    outcome = o.orElse(outcome);
                }
                Optional<GatherOutcome> o = step.applyTo(machine);
                outcomes += o.isPresent() ? 1 : 0;
                outcome = o.orElse(outcome);
                if (!machine.ended() && step.at() >= acceptedAt) {
                    // every input settles what is due, so what is left lies strictly in the future
                    assertThat(machine.nextDeadline()).as("seed %d: deadline after the last input", seed)
                            .isGreaterThan(step.at());
                } else if (!machine.ended()) {
                    // an input stamped before acceptance changes nothing; a zero timeout is due at acceptance
                    assertThat(machine.nextDeadline()).as("seed %d: deadline not before acceptance", seed)
                            .isGreaterThanOrEqualTo(acceptedAt);
                } else {
                    assertThat(machine.nextDeadline()).isEqualTo(Long.MAX_VALUE);
                }
            }
            Optional<GatherOutcome> last = machine.onTimer(Long.MAX_VALUE - 1);
            outcomes += last.isPresent() ? 1 : 0;
            outcome = last.orElse(outcome);
            // once ended, nothing more comes out
            assertThat(machine.cancel(Long.MAX_VALUE - 1)).isEmpty();
            assertThat(machine.hangup(Long.MAX_VALUE - 1)).isEmpty();
            assertThat(machine.onDigit('1', Long.MAX_VALUE - 1)).isEmpty();

            assertThat(outcomes).as("seed %d: one outcome", seed).isEqualTo(1);
            assertThat(machine.ended()).isTrue();
            assertThat(outcome.gatherId()).isEqualTo(spec.gatherId());
            checkOutcome(seed, spec, outcome);
            assertThat(machine.endedAt().getAsLong()).as("seed %d: ended within the gather's life", seed)
                    .isBetween(acceptedAt, Deadlines.after(acceptedAt, spec.timeoutMillis()));
        }
    }

    private static void checkOutcome(int seed, GatherSpec spec, GatherOutcome outcome) {
        String digits = outcome.digits();
        if (spec.terminatingDigit() != 0) {
            assertThat(digits).as("seed %d: no terminator in digits", seed)
                    .doesNotContain(String.valueOf(spec.terminatingDigit()));
        }
        assertThat(digits.length()).as("seed %d", seed).isLessThanOrEqualTo(spec.maximumDigits());
        boolean allListed = digits.chars().allMatch(ch -> spec.validDigits().indexOf(ch) >= 0);
        switch (outcome.status()) {
            case VALID -> {
                assertThat(digits.length()).as("seed %d", seed).isGreaterThanOrEqualTo(spec.minimumDigits());
                assertThat(allListed).as("seed %d: valid digits only", seed).isTrue();
            }
            case INVALID -> assertThat(digits.length() < spec.minimumDigits() || !allListed)
                    .as("seed %d: invalid for a reason", seed).isTrue();
            case TIMEOUT -> assertThat(digits).as("seed %d: timeout means no key", seed).isEmpty();
            case CANCELLED, CALL_HANGUP -> {
                // digits so far, any count
            }
        }
    }

    /**
     * A timer delivered on time, late, or never (until the end) gives the same outcome at the same logical time:
     * the result depends only on the caller's keys and the commands, not on the timer thread's punctuality.
     */
    @Test
    void timerPunctualityNeverChangesTheOutcome() {
        for (int seed = 0; seed < SCRIPTS; seed++) {
            Random r = new Random(seed);
            GatherSpec spec = randomSpec(r);
            List<GatherScript.Step> steps = randomScript(r, 0, false, true);

            GatherMachine punctual = new GatherMachine(spec, 0);
            GatherScript.Run onTime = GatherScript.play(punctual, steps, true);

            GatherMachine lazy = new GatherMachine(spec, 0);
            GatherScript.Run late = GatherScript.play(lazy, steps, false);
            if (!lazy.ended()) {
                late = new GatherScript.Run(lazy.onTimer(lazy.nextDeadline() + r.nextInt(10_000)).orElseThrow(),
                        lazy.endedAt().getAsLong(), late.outcomes() + 1);
            }

            assertThat(late.outcome()).as("seed %d", seed).isEqualTo(onTime.outcome());
            assertThat(late.endedAt()).as("seed %d", seed).isEqualTo(onTime.endedAt());
            assertThat(onTime.outcomes()).isEqualTo(1);
            assertThat(late.outcomes()).isEqualTo(1);
        }
    }
}
