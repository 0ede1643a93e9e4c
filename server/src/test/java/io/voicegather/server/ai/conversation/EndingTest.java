package io.voicegather.server.ai.conversation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way a gather_using_ai can end gives call.ai_gather.ended one of the two statuses the Telnyx SDKs know (valid,
 * invalid): a null status would make their typed unwrap pick another event model (docs/webhooks.md, T3).
 */
class EndingTest {
    @Test
    void everyEndingOfAGatherHasOneOfTheSdksStatuses() {
        for (Ending e : List.of(Ending.GATHERED, Ending.GAVE_UP, Ending.ASSISTANT_HANGUP, Ending.stopped("gather_stop"),
                Ending.stopped("customer_disconnect"))) {
            assertThat(e.status()).as(e.reason()).isIn("valid", "invalid");
        }
        assertThat(Ending.ASSISTANT_HANGUP.status()).isEqualTo("invalid");
        assertThat(Ending.ASSISTANT_HANGUP.hangUp()).isTrue();
    }
}
