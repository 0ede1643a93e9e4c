package io.voicegather.server.media.dtmf;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rows (S1, S2, …) of docs/send-dtmf.md name the tests that prove them. This test fails when a row names no
 * test, or a test that does not exist, so the doc cannot drift from the suite.
 */
class SendDtmfSemanticsDocTest {
    @Test
    void everySendDtmfRowNamesExistingTests() throws Exception {
        assertThat(DocRows.assertEveryRowNamesTests(Path.of("..", "docs", "send-dtmf.md"), "S",
                "io.voicegather.server.")).containsSequence("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9",
                "S10", "S11", "S12", "S13");
    }
}
