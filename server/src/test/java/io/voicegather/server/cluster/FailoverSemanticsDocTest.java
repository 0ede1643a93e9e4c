package io.voicegather.server.cluster;

import io.voicegather.server.DocRows;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/cluster.md, "Failover, row by row": every row names tests that exist. */
class FailoverSemanticsDocTest {
    private static final Path DOC = Path.of("..", "docs", "cluster.md");

    @Test
    void everyFailoverRowNamesItsTests() throws Exception {
        assertThat(DocRows.assertEveryRowNamesTests(DOC, "F", "io.voicegather.server."))
                .containsExactly("F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10");
    }
}
