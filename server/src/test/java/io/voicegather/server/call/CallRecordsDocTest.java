package io.voicegather.server.call;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash recovery rows (H1, H2, …) of docs/webhooks.md name the tests that prove them; a row naming no test,
 * or a test that does not exist, fails here.
 */
class CallRecordsDocTest {
    @Test
    void everyCrashRecoveryRowNamesExistingTests() throws Exception {
        assertThat(DocRows.assertEveryRowNamesTests(Path.of("..", "docs", "webhooks.md"), "H",
                "io.voicegather.server.")).containsExactly("H1", "H2", "H3", "H4", "H5", "H6");
    }
}
