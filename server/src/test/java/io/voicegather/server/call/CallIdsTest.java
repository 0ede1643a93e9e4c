package io.voicegather.server.call;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A call_control_id names the node that made it, and keeps Telnyx's shape. */
class CallIdsTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 255, 256, 4097, 65535})
    void theNodeReadsBackFromTheId(int node) {
        String id = CallIds.newCallControlId(node);
        assertThat(id).matches("v3:[A-Za-z0-9_-]{54}");
        assertThat(CallIds.nodeOf(id)).isEqualTo(node);
    }

    @Test
    void idsThatAreNotOursNameNoNode() {
        assertThat(CallIds.nodeOf(null)).isEqualTo(-1);
        assertThat(CallIds.nodeOf("v2:abc")).isEqualTo(-1);
        assertThat(CallIds.nodeOf("v3:not base64!")).isEqualTo(-1);
        assertThat(CallIds.nodeOf("v3:AAAA")).as("too short").isEqualTo(-1);
    }

    @Test
    void twoIdsOfOneNodeDiffer() {
        assertThat(CallIds.newCallControlId(7)).isNotEqualTo(CallIds.newCallControlId(7));
    }
}
