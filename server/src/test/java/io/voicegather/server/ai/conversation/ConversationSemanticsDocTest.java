package io.voicegather.server.ai.conversation;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Rows A1… of docs/ai.md name the tests that prove them; a row naming no test, or a missing one, fails here. */
class ConversationSemanticsDocTest {
    @Test
    void everyConversationRowNamesExistingTests() throws Exception {
        assertThat(DocRows.assertEveryRowNamesTests(Path.of("..", "docs", "ai.md"), "A", "io.voicegather.server."))
                .hasSizeGreaterThanOrEqualTo(20);
    }
}
