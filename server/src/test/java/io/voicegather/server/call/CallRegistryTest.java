package io.voicegather.server.call;

import io.voicegather.api.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An ended call leaves SIP at once but stays known by its call_control_id for {@link CallRegistry#RETAIN_ENDED}, on a
 * real call whose timers the test moves.
 */
class CallRegistryTest {
    @Test
    void anEndedCallIsKnownAsEndedForTheRetentionThenUnknown() throws Exception {
        try (CallUnderTest call = new CallUnderTest().start()) {
            call.calls.onBye(call.phone);
            call.webhooks.awaitFirst("call.hangup");
            call.strands.awaitIdle();
            assertThat(call.calls.activeCalls()).as("gone from the SIP side at once").isZero();

            long retain = CallRegistry.RETAIN_ENDED.toMillis();
            call.at(retain - 1);
            assertThat(call.calls.retrieve(call.callControlId).isAlive()).isFalse();

            call.at(retain);
            assertThatThrownBy(() -> call.calls.retrieve(call.callControlId))
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.errors().get(0).code()).as("unknown").isEqualTo("90015"));
        }
    }
}
