package io.voicegather.server.gather;

import static io.voicegather.server.gather.GatherStatus.CALL_HANGUP;
import static io.voicegather.server.gather.GatherStatus.CANCELLED;
import static io.voicegather.server.gather.GatherStatus.INVALID;
import static io.voicegather.server.gather.GatherStatus.TIMEOUT;
import static io.voicegather.server.gather.GatherStatus.VALID;
import static io.voicegather.server.gather.PromptSpecBuilder.prompted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.voicegather.server.DocRows;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "With a prompt" rows (P1, P2, ...) of docs/gather-semantics.md, each played as a timed script against a
 * {@link PromptedGatherMachine} with a virtual clock and a simulated media player. Every case names its doc row;
 * {@link #docAndTestsNameTheSamePromptRows()} keeps the two from drifting apart.
 */
class PromptedGatherSemanticsTest {

    /** A 3 s main prompt and a 2 s invalid prompt, unless a case says otherwise. */
    private static final PromptScript.Player PLAYER = new PromptScript.Player(3000, 2000);

    /**
     * One row's case.
     *
     * @param effects the expected effects as {@code main1@0 stop1@1000 invalid2@4500 ...}, or null when the row is
     *                about the outcome only
     */
    record Case(String id, String what, PromptedGatherSpec spec, PromptScript.Player player, long startAt,
                String script, boolean ownerTimers, String effects, GatherStatus status, String digits,
                long endedAt) {
        @Override
        public String toString() {
            return id + " " + what + " [" + script + "]";
        }
    }

    private static Case c(String id, String what, PromptSpecBuilder spec, String script, String effects,
                          GatherStatus status, String digits, long endedAt) {
        return new Case(id, what, spec.build(), PLAYER, 0, script, true, effects, status, digits, endedAt);
    }

    private static Case c(String id, String what, PromptSpecBuilder spec, PromptScript.Player player, String script,
                          String effects, GatherStatus status, String digits, long endedAt) {
        return new Case(id, what, spec.build(), player, 0, script, true, effects, status, digits, endedAt);
    }

    /** The owner fires no timer of its own: only the script's {@code timer@t} steps run (late or stale timers). */
    private static Case manual(String id, String what, PromptSpecBuilder spec, String script, String effects,
                               GatherStatus status, String digits, long endedAt) {
        return new Case(id, what, spec.build(), PLAYER, 0, script, false, effects, status, digits, endedAt);
    }

    static Stream<Case> cases() {
        PromptScript.Player scripted = new PromptScript.Player(-1, -1);
        PromptScript.Player failing = new PromptScript.Player(0, 0);
        return Stream.of(
                c("P1", "a key during the prompt stops it and is the first digit", prompted().timeout(4000),
                        "1@1000 2@1500 #@2000", "main1@0 stop1@1000", VALID, "12", 2000),
                c("P1", "a single key during the prompt completes max_digits", prompted().max(1),
                        "5@500", "main1@0 stop1@500", VALID, "5", 500),
                c("P2", "no key: the no-input timer starts when the prompt ends", prompted().timeout(4000).tries(1),
                        "", "main1@0", TIMEOUT, "", 7000),
                c("P2", "a prompt longer than timeout_millis: no timer runs while it plays",
                        prompted().timeout(4000).tries(1), new PromptScript.Player(10_000, 2000),
                        "", "main1@0", TIMEOUT, "", 14_000),
                c("P2", "a key after the prompt ended stops nothing", prompted().timeout(4000),
                        "1@6500", "main1@0", VALID, "1", 11_500),
                c("P3", "a barge-in key arms the inter-digit timer (jambonz #1311)", prompted().timeout(4000).max(4),
                        "1@1000", "main1@0 stop1@1000", VALID, "1", 6000),
                c("P3", "the inter-digit timer re-arms on every key", prompted().timeout(4000).interDigit(2000),
                        "1@1000 2@2500 3@4000", "main1@0 stop1@1000", VALID, "123", 6000),
                c("P4", "invalid input: the invalid prompt, then the main prompt, then the no-input wait",
                        prompted().timeout(4000).tries(2).min(3).withInvalidPrompt(),
                        "1@4000 #@4500", "main1@0 invalid2@4500 main3@6500", TIMEOUT, "", 13_500),
                c("P4", "invalid input, then valid input on the next try",
                        prompted().timeout(4000).min(3).withInvalidPrompt(),
                        "1@4000 #@4500 1@10000 2@10500 3@11000 #@11500", "main1@0 invalid2@4500 main3@6500",
                        VALID, "123", 11_500),
                c("P4", "unlisted digits are invalid input", prompted().timeout(4000).valid("123").withInvalidPrompt(),
                        "9@500 #@600 2@2000 #@2100", "main1@0 stop1@500 invalid2@600 stop2@2000",
                        VALID, "2", 2100),
                c("P5", "invalid input without an invalid prompt: the main prompt replays at once",
                        prompted().timeout(4000).tries(2).min(3),
                        "1@4000 #@4500", "main1@0 main2@4500", TIMEOUT, "", 11_500),
                c("P6", "no input: the main prompt replays, never the invalid one",
                        prompted().timeout(4000).tries(2).withInvalidPrompt(),
                        "", "main1@0 main2@7000", TIMEOUT, "", 14_000),
                c("P7", "keys during the invalid prompt stop it and count toward the next try",
                        prompted().timeout(4000).min(2).withInvalidPrompt(),
                        "1@4000 #@4500 4@5000 2@5500 #@6000", "main1@0 invalid2@4500 stop2@5000",
                        VALID, "42", 6000),
                c("P8", "timeout, timeout, invalid: the last attempt's invalid with its digits",
                        prompted().timeout(4000).min(2),
                        "9@18000 #@18500", "main1@0 main2@7000 main3@14000", INVALID, "9", 18_500),
                c("P8", "invalid, invalid, timeout: the last attempt's timeout with no digits",
                        prompted().timeout(4000).min(2),
                        "1@4000 #@4100 2@8000 #@8100", "main1@0 main2@4100 main3@8100", TIMEOUT, "", 15_100),
                c("P8", "too few digits at the inter-digit timeout is a failed try",
                        prompted().timeout(4000).tries(2).min(3),
                        "1@4000 5@13000 6@13500", "main1@0 main2@9000", INVALID, "56", 18_500),
                c("P9", "maximum_tries 1: invalid input ends at once, no invalid prompt",
                        prompted().timeout(4000).tries(1).min(2).withInvalidPrompt(),
                        "1@4000 #@4500", "main1@0", INVALID, "1", 4500),
                c("P9", "maximum_tries 1: no input ends after one wait", prompted().timeout(4000).tries(1),
                        "", "main1@0", TIMEOUT, "", 7000),
                c("P10", "the invalid prompt is not played after the last try",
                        prompted().timeout(4000).tries(2).min(2).withInvalidPrompt(),
                        "1@4000 #@4100 7@9500 #@9600", "main1@0 invalid2@4100 main3@6100", INVALID, "7", 9600),
                c("P10", "a failing key during the last prompt stops it and ends the gather",
                        prompted().tries(1).withInvalidPrompt(),
                        "#@1000", "main1@0 stop1@1000", INVALID, "", 1000),
                c("P11", "a main prompt that fails to load ends at once: the no-input timer starts",
                        prompted().timeout(4000).tries(2), failing,
                        "", "main1@0 main2@4000", TIMEOUT, "", 8000),
                c("P11", "an invalid prompt that fails to load: the main prompt follows at once",
                        prompted().timeout(4000).tries(2).min(2).withInvalidPrompt(),
                        new PromptScript.Player(3000, 0),
                        "1@4000 #@4100", "main1@0 invalid2@4100 main3@4100", TIMEOUT, "", 11_100),
                c("P12", "no overall timer: keys within the inter-digit wait run past timeout_millis",
                        prompted().timeout(4000), keysFrom(3500, 4900, 10),
                        "main1@0", VALID, "1".repeat(10), 3500 + 9 * 4900 + 5000),
                c("P13", "gather_stop after keys: the current try's digits", prompted(),
                        "1@1000 2@1500 cancel@2000", "main1@0 stop1@1000", CANCELLED, "12", 2000),
                c("P13", "gather_stop while the prompt plays stops it", prompted(),
                        "cancel@1000", "main1@0 stop1@1000", CANCELLED, "", 1000),
                c("P13", "gather_stop during the invalid prompt: the failed try's digits are not reported",
                        prompted().min(2).withInvalidPrompt(),
                        "1@4000 #@4100 cancel@5000", "main1@0 invalid2@4100 stop2@5000", CANCELLED, "", 5000),
                c("P14", "hangup after keys: the current try's digits", prompted(),
                        "1@4000 hangup@4500", "main1@0", CALL_HANGUP, "1", 4500),
                c("P14", "hangup while the prompt plays", prompted(),
                        "hangup@1000", "main1@0 stop1@1000", CALL_HANGUP, "", 1000),
                c("P14", "hangup on the second try", prompted().timeout(4000),
                        "8@7500 hangup@8000", "main1@0 main2@7000 stop2@7500", CALL_HANGUP, "8", 8000),
                c("P15", "exactly one outcome, whatever follows", prompted().max(2),
                        "1@1000 2@1500 3@1600 #@1700 cancel@2000 hangup@3000 timer@90000 ended1@100000",
                        "main1@0 stop1@1000", VALID, "12", 1500),
                new Case("P16", "no type-ahead: a key stamped before acceptance is ignored", prompted().build(),
                        PLAYER, 1000, "#@500 1@1500 #@2000", true, "main1@1000 stop1@1500", VALID, "1", 2000),
                c("P17", "a key exactly at the no-input deadline barges into the next try's prompt",
                        prompted().timeout(4000).tries(2),
                        "1@7000 #@7500", "main1@0 main2@7000 stop2@7000", VALID, "1", 7500),
                c("P17", "a key exactly at the last try's deadline is too late", prompted().timeout(4000).tries(1),
                        "1@7000", "main1@0", TIMEOUT, "", 7000),
                manual("P18", "a timer delivered late ends the gather at the deadline",
                        prompted().timeout(4000).tries(1), "timer@9000", "main1@0", TIMEOUT, "", 7000),
                manual("P18", "a key after a passed, undelivered deadline counts toward the next try",
                        prompted().timeout(4000).tries(2), "5@8000 #@8500", "main1@0 main2@8000 stop2@8000",
                        VALID, "5", 8500),
                manual("P18", "gather_stop after the last try's passed deadline reports that deadline's result",
                        prompted().timeout(4000).tries(1), "cancel@9000", "main1@0", TIMEOUT, "", 7000),
                manual("P18", "early and stale timers do nothing", prompted().timeout(4000),
                        "timer@1000 timer@5000 1@6000 timer@10999 timer@11000", "main1@0", VALID, "1", 11_000),
                new Case("P19", "a late end report of a stopped prompt is ignored",
                        prompted().timeout(4000).min(2).withInvalidPrompt().build(), scripted, 0,
                        "#@1000 ended1@3000 ended@5000 ended@8000 4@9000 2@9100 #@9200", true,
                        "main1@0 stop1@1000 invalid2@1000 main3@5000", VALID, "42", 9200),
                new Case("P19", "the end report of an old prompt does not start the no-input timer",
                        prompted().timeout(4000).tries(2).build(), scripted, 0,
                        "ended@2000 ended1@8000 ended@12000", true,
                        "main1@0 main2@6000", TIMEOUT, "", 16_000),
                c("P20", "timeout_millis 0: a try with no key fails as its prompt ends",
                        prompted().timeout(0).tries(2), "", "main1@0 main2@3000", TIMEOUT, "", 6000),
                c("P21", "defaults: no key at all, three prompts", prompted(),
                        "", "main1@0 main2@63000 main3@126000", TIMEOUT, "", 189_000),
                c("P21", "defaults: one key, then silence", prompted(),
                        "1@1000", "main1@0 stop1@1000", VALID, "1", 6000),
                c("P21", "defaults: 128 keys end the gather", prompted(),
                        keysFrom(100, 100, 128), "main1@0 stop1@100", VALID, "1".repeat(128), 12_800));
    }

    /** n keys '1' at first, first + step, ... */
    private static String keysFrom(long first, long step, int n) {
        return IntStream.range(0, n).mapToObj(i -> "1@" + (first + i * step)).collect(Collectors.joining(" "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowHolds(Case c) {
        PromptedGatherMachine machine = new PromptedGatherMachine(c.spec());
        PromptScript.Run run = PromptScript.play(machine, c.startAt(), PromptScript.parse(c.script()), c.player(),
                c.ownerTimers());

        assertThat(run.outcomes()).as("number of outcomes").isEqualTo(1);
        assertThat(run.outcome().status()).as("status").isEqualTo(c.status());
        assertThat(run.outcome().digits()).as("digits").isEqualTo(c.digits());
        assertThat(run.outcome().gatherId()).isEqualTo("g-test");
        assertThat(run.endedAt()).as("ended at").isEqualTo(c.endedAt());
        if (c.effects() != null) {
            assertThat(run.effects()).as("effects").isEqualTo(c.effects());
        }
        assertThat(machine.ended()).isTrue();
        assertThat(machine.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(machine.tryNumber()).isBetween(1, c.spec().maximumTries());
    }

    @Test
    void inputsBeforeStartAreAnOwnerBug() {
        PromptedGatherMachine machine = new PromptedGatherMachine(prompted().build());
        assertThatIllegalStateException().isThrownBy(() -> machine.onDigit('1', 0));
        assertThatIllegalStateException().isThrownBy(() -> machine.hangup(0));
        machine.start(0);
        assertThatIllegalStateException().isThrownBy(() -> machine.start(1));
    }

    @Test
    void unusableSpecsAndNonKeysAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PromptedGatherMachine(prompted().tries(0).build()));
        assertThatIllegalArgumentException().isThrownBy(() -> new PromptedGatherMachine(prompted().max(0).build()));
        PromptedGatherMachine machine = new PromptedGatherMachine(prompted().build());
        machine.start(0);
        assertThatIllegalArgumentException().isThrownBy(() -> machine.onDigit('x', 10));
        assertThat(machine.ended()).isFalse();
        assertThat(machine.promptPlaying()).isTrue();
    }

    @Test
    void docAndTestsNameTheSamePromptRows() throws IOException {
        Set<String> inDoc = DocRows.rowIds(GatherSemanticsTest.DOC, "P");
        Set<String> inTests = new TreeSet<>();
        cases().forEach(c -> inTests.add(c.id()));

        assertThat(inDoc).as("P row ids in %s", GatherSemanticsTest.DOC).isNotEmpty();
        assertThat(inTests).as("test case ids missing from the doc").isSubsetOf(inDoc);
        assertThat(inDoc).as("doc rows without a test case").isSubsetOf(inTests);
    }
}
