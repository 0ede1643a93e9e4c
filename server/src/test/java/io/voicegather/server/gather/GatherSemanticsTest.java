package io.voicegather.server.gather;

import static io.voicegather.server.gather.GatherStatus.CALL_HANGUP;
import static io.voicegather.server.gather.GatherStatus.CANCELLED;
import static io.voicegather.server.gather.GatherStatus.INVALID;
import static io.voicegather.server.gather.GatherStatus.TIMEOUT;
import static io.voicegather.server.gather.GatherStatus.VALID;
import static io.voicegather.server.gather.SpecBuilder.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.DocRows;
import io.voicegather.server.call.CommandIdCacheTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rows of docs/gather-semantics.md, each played as a timed script against a {@link GatherMachine} with a virtual
 * clock. Every case names its doc row; {@link #docAndTestsNameTheSameRows()} keeps the two from drifting apart.
 */
class GatherSemanticsTest {

    static final Path DOC = Path.of("..", "docs", "gather-semantics.md");

    /**
     * One row's case. With {@code ownerTimers} the harness fires the machine's timer exactly at each deadline, as a
     * faithful owner would; without it only the script's own {@code timer@t} steps run (late or stale timers).
     */
    record Case(String id, String what, GatherSpec spec, long acceptedAt, String script, boolean ownerTimers,
                GatherStatus status, String digits, long endedAt) {
        @Override
        public String toString() {
            return id + " " + what + " [" + script + "]";
        }
    }

    private static Case c(String id, String what, SpecBuilder spec, String script,
                          GatherStatus status, String digits, long endedAt) {
        return new Case(id, what, spec.build(), 0, script, true, status, digits, endedAt);
    }

    private static Case manual(String id, String what, SpecBuilder spec, String script,
                               GatherStatus status, String digits, long endedAt) {
        return new Case(id, what, spec.build(), 0, script, false, status, digits, endedAt);
    }

    static Stream<Case> cases() {
        return Stream.of(
                c("G1", "max digits ends at once", spec().max(4),
                        "1@1000 2@2000 3@3000 4@4000", VALID, "1234", 4000),
                c("G1", "max digits with a terminator still pending", spec().max(1),
                        "7@300", VALID, "7", 300),
                c("G2", "terminator after enough digits", spec().min(2),
                        "1@1000 2@2000 #@3000", VALID, "12", 3000),
                c("G3", "terminator with fewer than min digits", spec().min(3),
                        "1@1000 #@2000", INVALID, "1", 2000),
                c("G4", "terminator alone", spec(),
                        "#@1000", INVALID, "", 1000),
                c("G5", "terminator listed in valid_digits (the default)", spec(),
                        "5@1000 #@2000", VALID, "5", 2000),
                c("G5", "terminator * listed in valid_digits", spec().terminator('*').valid("0123456789*"),
                        "1@1000 *@2000", VALID, "1", 2000),
                c("G6", "no terminator: # is an ordinary digit", spec().terminator('\0'),
                        "1@1000 #@2000", VALID, "1#", 7000),
                c("G7", "terminator not in valid_digits still terminates", spec().valid("0123456789"),
                        "1@1000 #@2000", VALID, "1", 2000),
                c("G8", "unlisted digit is collected, counts to max, makes it invalid", spec().max(3).valid("123"),
                        "1@1000 9@2000 2@3000", INVALID, "192", 3000),
                c("G8", "unlisted digit then terminator", spec().valid("0123456789#"),
                        "1@1000 *@2000 #@3000", INVALID, "1*", 3000),
                c("G9", "A-D keys are collected, invalid unless listed", spec(),
                        "A@1000 #@2000", INVALID, "A", 2000),
                c("G9", "A-D keys listed in valid_digits", spec().valid("0123456789ABCD"),
                        "A@1000 D@1500 #@2000", VALID, "AD", 2000),
                c("G10", "inter-digit timeout with fewer than min digits", spec().min(3),
                        "1@1000 2@2000", INVALID, "12", 7000),
                c("G11", "inter-digit timeout with at least min digits", spec().min(2),
                        "1@1000 2@2000", VALID, "12", 7000),
                c("G12", "inter-digit timer re-arms on every key", spec(),
                        "1@4000 2@8000 3@12000", VALID, "123", 17000),
                c("G13", "first key replaces the initial timer (shorter inter-digit)", spec().interDigit(3000),
                        "1@4000", VALID, "1", 7000),
                c("G13", "first key replaces the initial timer (longer inter-digit)", spec().initial(2000),
                        "1@1000", VALID, "1", 6000),
                c("G14", "initial timeout, no key", spec(),
                        "", TIMEOUT, "", 5000),
                c("G15", "overall timeout before any key when initial > overall", spec().initial(70_000),
                        "", TIMEOUT, "", 60_000),
                c("G16", "overall timeout after keys, enough digits; never re-armed", spec().timeout(10_000),
                        "1@2000 2@4000 3@6000 4@8000 5@9999", VALID, "12345", 10_000),
                c("G17", "overall timeout after keys, too few digits", spec().timeout(10_000).min(6),
                        "1@2000 2@4000 3@6000 4@8000 5@9999", INVALID, "12345", 10_000),
                c("G18", "the earliest deadline wins: overall before inter-digit", spec().timeout(6000),
                        "1@3000", VALID, "1", 6000),
                c("G18", "the earliest deadline wins: initial before overall", spec().initial(2000).timeout(3000),
                        "", TIMEOUT, "", 2000),
                c("G19", "key exactly at the initial deadline", spec(),
                        "1@5000", TIMEOUT, "", 5000),
                c("G19", "key exactly at the inter-digit deadline", spec(),
                        "1@1000 2@6000", VALID, "1", 6000),
                manual("G20", "a key after a passed but undelivered inter-digit deadline", spec(),
                        "1@1000 2@8000 timer@9000", VALID, "1", 6000),
                manual("G20", "gather_stop after a passed but undelivered initial deadline", spec(),
                        "cancel@20000", TIMEOUT, "", 5000),
                manual("G20", "hangup after a passed but undelivered overall deadline", spec().timeout(3000),
                        "1@1000 2@2000 hangup@3500", VALID, "12", 3000),
                manual("G20", "a timer delivered late ends at the deadline", spec(),
                        "1@1000 timer@9999", VALID, "1", 6000),
                manual("G21", "early and stale timers do nothing", spec(),
                        "timer@1000 1@2000 timer@5000 timer@6999 2@6999 timer@11998 timer@11999",
                        VALID, "12", 11_999),
                c("G22", "keys after the end are ignored (# after max digits)", spec().max(3),
                        "1@1000 2@2000 3@3000 #@3100 4@3200", VALID, "123", 3000),
                c("G23", "gather_stop with digits", spec(),
                        "1@1000 2@2000 cancel@3000", CANCELLED, "12", 3000),
                c("G24", "gather_stop without digits", spec(),
                        "cancel@1000", CANCELLED, "", 1000),
                c("G27", "gather_stop after a terminator-only key is too late", spec(),
                        "#@500 cancel@1000", INVALID, "", 500),
                c("G25", "a new gather on the call cancels the old one", spec(),
                        "1@1000 newgather@1500", CANCELLED, "1", 1500),
                c("G26", "hangup mid-gather", spec(),
                        "1@1000 hangup@2000", CALL_HANGUP, "1", 2000),
                c("G26", "hangup before any key", spec(),
                        "hangup@1000", CALL_HANGUP, "", 1000),
                c("G27", "exactly one outcome, whatever follows", spec(),
                        "1@1000 #@2000 cancel@2500 hangup@3000 timer@70000 2@80000", VALID, "1", 2000),
                new Case("G28", "no type-ahead: a key stamped before acceptance is ignored", spec().build(), 1000,
                        "#@500 1@1500 #@2000", true, VALID, "1", 2000),
                c("G29", "defaults: nothing pressed", spec(),
                        "", TIMEOUT, "", 5000),
                c("G29", "defaults: one digit, then silence", spec(),
                        "1@1000", VALID, "1", 6000),
                c("G29", "defaults: digit then #", spec(),
                        "4@1000 2@1500 #@2000", VALID, "42", 2000),
                c("G29", "defaults: * is a valid digit", spec(),
                        "*@1000 #@2000", VALID, "*", 2000),
                c("G29", "defaults: 128 digits end the gather", spec(),
                        keys(128, 100), VALID, "1".repeat(128), 12_800),
                c("G29", "defaults: keys every 4.9 s run into the 60 s overall timeout", spec(),
                        keysEvery(4900, 12), VALID, "1".repeat(12), 60_000));
    }

    /** n keys '1' at step, 2*step, ... */
    private static String keys(int n, long step) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "1@" + (i * step)).collect(Collectors.joining(" "));
    }

    private static String keysEvery(long step, int n) {
        return keys(n, step);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowHolds(Case c) {
        GatherMachine machine = new GatherMachine(c.spec(), c.acceptedAt());
        GatherScript.Run run = GatherScript.play(machine, GatherScript.parse(c.script()), c.ownerTimers());

        assertThat(run.outcomes()).as("number of outcomes").isEqualTo(1);
        assertThat(run.outcome().status()).as("status").isEqualTo(c.status());
        assertThat(run.outcome().digits()).as("digits").isEqualTo(c.digits());
        assertThat(run.outcome().gatherId()).isEqualTo("g-test");
        assertThat(run.endedAt()).as("ended at").isEqualTo(c.endedAt());
        assertThat(machine.ended()).isTrue();
        assertThat(machine.nextDeadline()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theDefaultsSpecMatchesTelnyx() {
        GatherSpec d = GatherSpecs.defaults("g1");
        assertThat(d).isEqualTo(new GatherSpec(1, 128, 60_000, 5_000, 5_000, '#', "0123456789#*", "g1"));
        assertThat(GatherSpecs.defaults("g-test")).as("the builder starts from the defaults").isEqualTo(spec().build());
    }

    @Test
    void aNewGatherStartsEmptyAfterTheOldOneIsCancelled() {
        GatherMachine old = new GatherMachine(spec().build(), 0);
        old.onDigit('1', 1000);
        assertThat(old.cancel(1500)).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(CANCELLED));
        GatherMachine next = new GatherMachine(spec().build(), 1500);
        assertThat(next.nextDeadline()).isEqualTo(6500);
        assertThat(next.onDigit('2', 2000)).isEmpty();
        assertThat(next.onDigit('#', 2500)).hasValue(new GatherOutcome(VALID, "2", "g-test"));
    }

    @Test
    void nonKeysAreRejected() {
        GatherMachine machine = new GatherMachine(spec().build(), 0);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> machine.onDigit('x', 10));
        assertThat(machine.ended()).isFalse();
    }

    @Test
    void docAndTestsNameTheSameRows() throws IOException {
        Set<String> inDoc = DocRows.rowIds(DOC, "G");
        Set<String> inTests = new TreeSet<>();
        cases().forEach(c -> inTests.add(c.id()));
        inTests.addAll(CommandIdCacheTest.docRowIds());

        assertThat(inDoc).as("row ids in %s", DOC).isNotEmpty();
        assertThat(inTests).as("test case ids missing from the doc").isSubsetOf(inDoc);
        assertThat(inDoc).as("doc rows without a test case").isSubsetOf(inTests);
    }
}
