package io.voicegather.server.call;

import io.voicegather.server.DocRows;
import io.voicegather.server.webhook.OutgoingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows A1… of docs/gather-semantics.md ("When a key arrived"), each played on a real call: a {@link CallService}
 * with a real media engine, keys sent as RTP packets or SIP INFO, time on a clock the test moves, and the call's processing
 * made late by holding its strand or stalling a webhook commit. Every case names its row;
 * {@link #docAndTestsNameTheSameRows()} keeps the two from drifting apart.
 */
class DigitArrivalTest {
    static final Path DOC = Path.of("..", "docs", "gather-semantics.md");

    @FunctionalInterface
    interface Script {
        void play(CallUnderTest call) throws Exception;
    }

    /**
     * @param reported the keys of call.dtmf.received, in order
     * @param status   the call.gather.ended status, with its {@code digits}
     */
    record Case(String id, String name, Script script, String reported, String status, String digits) {
        @Override
        public String toString() {
            return id + ": " + name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("A1", "a key 1 ms before the inter-digit deadline counts when processing runs 500 ms late",
                        call -> {
                            call.gather(5000, 2000);
                            call.at(1000);
                            call.phone.pressAsEvents('1');
                            call.webhooks.await("the first key", l -> call.webhooks.digits().equals("1"));
                            // the inter-digit timer (3000) fires while the key waits, and queues behind it
                            call.keyProcessedLate(2999, () -> call.phone.pressAsEvents('2'), 3499);
                            call.strands.awaitIdle();
                            call.at(4999); // the key's own inter-digit deadline
                        }, "12", "valid", "12"),
                new Case("A2", "RFC 4733 and in-band forms 40 ms apart, processed 400 ms apart, are one digit",
                        call -> {
                            call.gather(5000, 5000);
                            call.at(1000);
                            call.phone.pressAsEvents('5');
                            call.webhooks.await("the events' digit", l -> call.webhooks.digits().equals("5"));
                            call.keyProcessedLate(1040, () -> call.phone.pressAsTones('5'), 1440);
                            call.at(1500);
                            call.info('#');
                        }, "5#", "valid", "5"),
                new Case("A3", "the same key twice 350 ms apart stays two digits when both are processed together",
                        call -> {
                            call.gather(5000, 5000);
                            call.at(1000);
                            call.strands.hold();
                            call.phone.pressAsEvents('7');
                            call.strands.awaitHandOff();
                            call.at(1350);
                            call.info('7');
                            call.at(1400);
                            call.strands.release();
                            call.at(1500);
                            call.info('#');
                        }, "77#", "valid", "77"),
                new Case("A4", "a key after the initial timeout is not counted, though processed before the timer",
                        call -> {
                            call.gather(5000, 5000);
                            call.strands.hold();
                            call.clockOnlyAt(5001); // the timer thread is late: the 5000 timer has not run
                            call.phone.pressAsEvents('1');
                            call.strands.awaitHandOff();
                            call.strands.release();
                            call.strands.awaitIdle();
                            call.at(5001); // the late timer finds the gather ended
                        }, "1", "timeout", ""),
                new Case("A5", "a webhook commit that takes 400 ms never doubles a digit",
                        call -> {
                            call.gather(5000, 5000);
                            call.webhooks.stallNext("call.dtmf.received");
                            call.at(1000);
                            call.phone.pressAsEvents('3');
                            call.webhooks.awaitStalled();
                            call.at(1030);
                            call.info('3'); // the same press by SIP INFO, queued behind the stalled commit
                            call.at(1400);
                            call.webhooks.resume();
                            call.at(1500);
                            call.info('#');
                        }, "3#", "valid", "3"),
                new Case("A6", "with a prompt, a key 1 ms before the no-input deadline counts when processed 500 ms late",
                        call -> {
                            call.gatherUsingAudio(3000);
                            call.webhooks.awaitFirst("call.playback.ended"); // the prompt ended at 0
                            call.strands.awaitIdle();
                            // the no-input timer (3000) fires while the key waits, and queues behind it
                            call.keyProcessedLate(2999, () -> call.phone.pressAsEvents('1'), 3499);
                            call.at(3600);
                            call.info('#');
                        }, "1#", "valid", "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowHolds(Case c) throws Exception {
        try (CallUnderTest call = new CallUnderTest().start()) {
            c.script().play(call);
            call.strands.awaitIdle();
            call.webhooks.await("call.gather.ended", l -> !call.webhooks.ofType("call.gather.ended").isEmpty());
            call.strands.awaitIdle();

            assertThat(call.webhooks.digits()).as("call.dtmf.received keys").isEqualTo(c.reported());
            List<OutgoingEvent> ended = call.webhooks.ofType("call.gather.ended");
            assertThat(ended).as("one call.gather.ended").hasSize(1);
            assertThat(Map.of("status", ended.get(0).payload().get("status").asText(),
                    "digits", ended.get(0).payload().get("digits").asText()))
                    .isEqualTo(Map.of("status", c.status(), "digits", c.digits()));
        }
    }

    @Test
    void aKeyIsDatedByItsPacketNotByItsProcessing() throws Exception {
        try (CallUnderTest call = new CallUnderTest().start()) {
            call.keyProcessedLate(2999, () -> call.phone.pressAsEvents('4'), 3499);
            OutgoingEvent key = call.webhooks.awaitFirst("call.dtmf.received");
            assertThat(key.occurredAt().toEpochMilli() - call.origin).isEqualTo(2999);
        }
    }

    @Test
    void docAndTestsNameTheSameRows() throws Exception {
        Set<String> inDoc = DocRows.rowIds(DOC, "A");
        Set<String> inTests = new TreeSet<>();
        cases().forEach(c -> inTests.add(c.id()));
        assertThat(inDoc).as("row ids in %s", DOC).isNotEmpty();
        assertThat(new TreeSet<>(inDoc)).isEqualTo(inTests);
    }
}
