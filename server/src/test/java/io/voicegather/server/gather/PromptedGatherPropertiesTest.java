package io.voicegather.server.gather;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.api.command.DtmfKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link PromptedGatherMachine} that must hold for any spec, any prompt lengths (failed prompts
 * included) and any script, checked over many random ones (seeded, so a failure names a seed that reproduces it).
 * {@link PromptScript} itself asserts after every input that the machine, until it ends, plays a prompt or has a
 * future deadline armed, never neither and never both.
 */
class PromptedGatherPropertiesTest {
    private static final int SCRIPTS = 20_000;
    private static final String KEYS = DtmfKey.ALL;

    private static PromptedGatherSpec randomSpec(Random r) {
        int min = 1 + r.nextInt(4);
        int max = min + r.nextInt(5);
        char[] terminators = {0, '#', '*', '1'};
        StringBuilder valid = new StringBuilder();
        for (char k : KEYS.toCharArray()) {
            if (r.nextInt(4) != 0) {
                valid.append(k);
            }
        }
        long timeout = r.nextInt(10) == 0 ? 0 : r.nextInt(8_000);
        return new PromptedGatherSpec(min, max, timeout, r.nextInt(6_000), terminators[r.nextInt(terminators.length)],
                valid.toString(), 1 + r.nextInt(4), r.nextBoolean(), "g" + r.nextInt(1000));
    }

    private static PromptScript.Player randomPlayer(Random r) {
        // 0 is a prompt that failed to load
        return new PromptScript.Player(r.nextInt(4) == 0 ? 0 : r.nextInt(6_000),
                r.nextInt(4) == 0 ? 0 : r.nextInt(4_000));
    }

    /** Non-decreasing times; mostly keys, with stray timers, stray or stale prompt-end reports, cancels, hangups. */
    private static List<PromptScript.Step> randomScript(Random r, long startAt) {
        List<PromptScript.Step> steps = new ArrayList<>();
        long t = startAt - 1_000 + r.nextInt(1_500); // sometimes a key stamped before acceptance
        int n = r.nextInt(24);
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) == 0 ? 0 : r.nextInt(4_000);
            int pick = r.nextInt(100);
            if (t >= startAt && pick < 10) {
                steps.add(new PromptScript.Step(PromptScript.Kind.TIMER, '\0', 0, t));
            } else if (t >= startAt && pick < 15) {
                // the prompt now playing (-1), or some number that may be stale or not yet used
                steps.add(new PromptScript.Step(PromptScript.Kind.ENDED, '\0', r.nextInt(6) - 1, t));
            } else if (t >= startAt && pick >= 98) {
                steps.add(new PromptScript.Step(r.nextBoolean() ? PromptScript.Kind.CANCEL : PromptScript.Kind.HANGUP,
                        '\0', 0, t));
            } else {
                steps.add(new PromptScript.Step(PromptScript.Kind.KEY, KEYS.charAt(r.nextInt(KEYS.length())), 0, t));
            }
        }
        return steps;
    }

    @Test
    void invariantsHoldOverRandomScripts() {
        for (int seed = 0; seed < SCRIPTS; seed++) {
            Random r = new Random(seed);
            PromptedGatherSpec spec = randomSpec(r);
            long startAt = r.nextInt(3) == 0 ? 0 : r.nextInt(1_000_000);
            PromptedGatherMachine machine = new PromptedGatherMachine(spec);
            PromptScript.Run run = PromptScript.play(machine, startAt, randomScript(r, startAt), randomPlayer(r),
                    true);

            assertThat(run.outcomes()).as("seed %d: one outcome", seed).isEqualTo(1);
            assertThat(machine.ended()).isTrue();
            assertThat(machine.cancel(Long.MAX_VALUE - 1).effects()).isEmpty();
            assertThat(machine.hangup(Long.MAX_VALUE - 1).outcome()).isEmpty();
            assertThat(machine.onDigit('1', Long.MAX_VALUE - 1).outcome()).isEmpty();
            assertThat(machine.onPromptEnded(machine.currentPrompt(), Long.MAX_VALUE - 1).effects()).isEmpty();
            assertThat(machine.tryNumber()).as("seed %d", seed).isBetween(1, spec.maximumTries());
            assertThat(run.endedAt()).as("seed %d", seed).isGreaterThanOrEqualTo(startAt);
            assertThat(run.outcome().gatherId()).isEqualTo(spec.gatherId());
            checkOutcome(seed, spec, run.outcome());
            checkEffects(seed, spec, run.effects());
        }
    }

    private static void checkOutcome(int seed, PromptedGatherSpec spec, GatherOutcome outcome) {
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
                // the current try's digits, any count
            }
        }
    }

    /**
     * Prompts are numbered 1, 2, 3... in order; a stop names the prompt last started and comes at most once for it;
     * no more main prompts than tries; no invalid prompt without one in the command; the first effect is the main
     * prompt at the start.
     */
    private static void checkEffects(int seed, PromptedGatherSpec spec, String effects) {
        int lastPlayed = 0;
        int stoppedUpTo = 0;
        int mains = 0;
        String[] tokens = effects.split(" ");
        assertThat(tokens[0]).as("seed %d: begins with the main prompt", seed).startsWith("main1@");
        for (String token : tokens) {
            String what = token.substring(0, token.indexOf('@'));
            String name = what.replaceAll("\\d+$", "");
            int number = Integer.parseInt(what.substring(name.length()));
            switch (name) {
                case "main", "invalid" -> {
                    assertThat(number).as("seed %d: prompts numbered in order (%s)", seed, effects)
                            .isEqualTo(lastPlayed + 1);
                    lastPlayed = number;
                    mains += name.equals("main") ? 1 : 0;
                    assertThat(name.equals("invalid") && !spec.hasInvalidPrompt())
                            .as("seed %d: no invalid prompt to play (%s)", seed, effects).isFalse();
                }
                case "stop" -> {
                    assertThat(number).as("seed %d: stops the prompt last started (%s)", seed, effects)
                            .isEqualTo(lastPlayed);
                    assertThat(number).as("seed %d: one stop per prompt (%s)", seed, effects)
                            .isGreaterThan(stoppedUpTo);
                    stoppedUpTo = number;
                }
                default -> throw new AssertionError("unknown effect " + token);
            }
        }
        assertThat(mains).as("seed %d: main prompts (%s)", seed, effects).isLessThanOrEqualTo(spec.maximumTries());
    }
}
