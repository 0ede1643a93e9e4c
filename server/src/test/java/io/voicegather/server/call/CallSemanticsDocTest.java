package io.voicegather.server.call;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call-level rows (C1, C2, …) of docs/gather-semantics.md name the end-to-end tests that prove them.
 * This test fails when a row names no test, or a test that does not exist, so the doc cannot drift from the suite.
 */
class CallSemanticsDocTest {
    @Test
    void everyCallRowNamesExistingEndToEndTests() throws Exception {
        assertThat(DocRows.assertEveryRowNamesTests(Path.of("..", "docs", "gather-semantics.md"), "C",
                "io.voicegather.server.e2e.")).hasSizeGreaterThanOrEqualTo(10);
    }
}
