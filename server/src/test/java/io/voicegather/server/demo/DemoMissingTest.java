package io.voicegather.server.demo;

import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server module's own class path has no demo application (it is in the examples module): --demo says so. */
class DemoMissingTest {
    @TempDir
    Path dataDir;

    @Test
    void withoutADemoOnTheClassPathTheStartFailsWithWhereToFindIt() {
        String[] args = {"--http-host", "127.0.0.1", "--http-port", "0", "--sip-host", "127.0.0.1", "--sip-port", "0",
                "--data-dir", dataDir.toString(), "--demo"};
        assertThatThrownBy(() -> VoicegatherServer.start(ConfigLoader.load(args, Map.of())))
                .isInstanceOf(DemoMissingException.class)
                .hasMessageContaining("no demo application on the class path")
                .hasMessageContaining("server/target/voicegather.jar");
    }
}
