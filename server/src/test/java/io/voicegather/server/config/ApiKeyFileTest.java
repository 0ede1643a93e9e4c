package io.voicegather.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFileTest {
    @Test
    void configuredKeysWinAndNothingIsWritten(@TempDir Path dir) throws Exception {
        assertThat(ApiKeyFile.keys(List.of("a", "b"), dir)).containsExactly("a", "b");
        assertThat(Files.exists(dir.resolve(ApiKeyFile.FILE_NAME))).isFalse();
    }

    @Test
    void aGeneratedKeyIsKeptAcrossRestarts(@TempDir Path dir) throws Exception {
        List<String> first = ApiKeyFile.keys(List.of(), dir.resolve("data"));
        List<String> second = ApiKeyFile.keys(List.of(), dir.resolve("data"));
        assertThat(first).hasSize(1);
        assertThat(first.get(0)).startsWith("KEY").hasSizeGreaterThan(20);
        assertThat(second).isEqualTo(first);
    }
}
