package io.voicegather.server.call;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typing rows (T1, T2, …) of docs/webhooks.md name the tests that prove them; a row naming no test, or a test
 * that does not exist, fails here.
 */
class CallEventsDocTest {
    @Test
    void everyTypingRowNamesExistingTests() throws Exception {
        assertThat(DocRows.assertEveryRowNamesTests(Path.of("..", "docs", "webhooks.md"), "T",
                "io.voicegather.server.")).containsExactly("T1", "T2", "T3", "T4", "T5");
    }
}
