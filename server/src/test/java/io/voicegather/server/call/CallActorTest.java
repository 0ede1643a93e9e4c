package io.voicegather.server.call;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.webhook.OutgoingEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One call's actor applies its keys, timers, SIP events and commands in the order they reached it, on a real call
 * whose strand the test holds and whose clock and timers the test moves.
 */
class CallActorTest {
    @Test
    void aCommandQueuedBehindAKeyRunsAfterIt() throws Exception {
        try (CallUnderTest call = new CallUnderTest().start()) {
            call.gather(5000, 5000);
            call.at(1000);
            call.strands.hold();
            call.info('1');
            call.strands.awaitHandOff(); // the key is queued first
            CommandGate.Queued<Object> stop = call.calls.queue(call.callControlId, CommandMeta.NONE, actor -> {
                actor.gatherStop(CommandMeta.NONE);
                return null;
            });
            call.strands.release();
            stop.await();

            OutgoingEvent ended = call.webhooks.awaitFirst("call.gather.ended");
            assertThat(ended.payload().get("status").asText()).isEqualTo("cancelled");
            assertThat(ended.payload().get("digits").asText()).as("the key reached the gather before the stop")
                    .isEqualTo("1");
        }
    }

    @Test
    void aTimerQueuedBehindALateKeyJudgesTheKeyByItsArrival() throws Exception {
        try (CallUnderTest call = new CallUnderTest().start()) {
            call.gather(5000, 2000);
            call.at(1000);
            call.info('1');
            call.webhooks.await("the first key", l -> call.webhooks.digits().equals("1"));
            // arrives 1 ms before the inter-digit deadline (3000); the deadline's timer fires while it waits
            call.keyProcessedLate(2999, () -> call.info('2'), 3499);
            call.strands.awaitIdle();
            assertThat(call.webhooks.ofType("call.gather.ended")).as("the late key counted, the timer re-armed")
                    .isEmpty();

            call.at(4998);
            call.strands.awaitIdle();
            assertThat(call.webhooks.ofType("call.gather.ended")).as("1 ms before the key's own deadline").isEmpty();

            call.at(4999); // the second key's inter-digit deadline, from its arrival
            OutgoingEvent ended = call.webhooks.awaitFirst("call.gather.ended");
            assertThat(ended.payload().get("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().get("digits").asText()).isEqualTo("12");
        }
    }

    @Test
    void aCallNotAnsweredInTimeIsRejectedAndEnded() throws Exception {
        try (CallUnderTest call = new CallUnderTest().place()) {
            long timeout = CallUnderTest.ANSWER_TIMEOUT.toMillis();
            call.at(timeout - 1);
            call.strands.awaitIdle();
            assertThat(call.webhooks.ofType("call.hangup")).as("still parked 1 ms before the timeout").isEmpty();
            assertThat(call.phone.rejectedWith()).isZero();

            call.at(timeout);
            OutgoingEvent hangup = call.webhooks.awaitFirst("call.hangup");
            assertThat(hangup.payload().get("hangup_cause").asText()).isEqualTo("timeout");
            assertThat(hangup.payload().get("sip_hangup_cause").asText()).isEqualTo("480");
            assertThat(call.phone.rejectedWith()).isEqualTo(480);
            assertThatThrownBy(() -> call.calls.answer(call.callControlId, new AnswerCommand(CommandMeta.NONE, null,
                    null))).as("too late to answer").isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.errors().get(0).code()).isEqualTo("90018"));
        }
    }

    @Test
    void aCommandQueuedBehindTheCallersByeIsRefusedAsEnded() throws Exception {
        try (CallUnderTest call = new CallUnderTest().start()) {
            call.calls.onBye(call.phone); // queued on the call; the command below queues behind it
            assertThatThrownBy(() -> call.gather(5000, 5000)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(422);
                assertThat(e.errors().get(0).code()).isEqualTo("90018");
            });
            assertThat(call.webhooks.awaitFirst("call.hangup").payload().get("hangup_cause").asText())
                    .isEqualTo("normal_clearing");
            call.strands.awaitIdle();
            assertThat(call.webhooks.ofType("call.gather.ended")).as("the refused gather never ran").isEmpty();
        }
    }
}
