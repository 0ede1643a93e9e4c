package io.voicegather.server.call;

import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A command the call did not get to within the command wait, on a real call whose strand the test holds: refused
 * 503, never applied afterwards, and its command_id not remembered.
 */
class CommandWaitTest {
    /** Long enough for a command on an idle call on a loaded machine; the held call makes the test wait it once. */
    private static final Duration WAIT = Duration.ofSeconds(2);

    @Test
    void aCommandTheBusyCallDidNotReachIsRefusedNeverAppliedAndNotRemembered() throws Exception {
        try (CallUnderTest call = new CallUnderTest(WAIT).start()) {
            CommandMeta meta = new CommandMeta(null, "gather-1");
            call.strands.hold();
            assertThatThrownBy(() -> call.gather(meta, 5000, 5000))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
            call.strands.release();
            call.strands.awaitIdle();

            call.at(1000);
            call.info('#'); // a running gather would end on it
            call.webhooks.await("the key", l -> call.webhooks.digits().equals("#"));
            call.strands.awaitIdle();
            assertThat(call.webhooks.ofType("call.gather.ended")).as("the refused gather never ran").isEmpty();

            call.gather(meta, 5000, 5000); // the same command_id again: not a repeat, it runs
            call.at(2000);
            call.info('1');
            call.info('#');
            assertThat(call.webhooks.awaitFirst("call.gather.ended").payload().get("digits").asText())
                    .isEqualTo("1");
        }
    }
}
