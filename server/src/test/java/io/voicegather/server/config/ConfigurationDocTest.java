package io.voicegather.server.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps docs/configuration.md and the options the server really accepts from drifting apart. */
class ConfigurationDocTest {
    @Test
    void everyOptionIsDocumentedWithItsFlagEnvironmentVariableAndDefault() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (ConfigLoader.Option o : ConfigLoader.OPTIONS) {
            assertThat(doc).as("flag of " + o.name()).contains("`--" + o.name() + "`");
            assertThat(doc).as("environment variable of " + o.name()).contains("`" + o.envName() + "`");
            if (!o.defaultValue().isEmpty()) {
                assertThat(doc).as("default of " + o.name()).contains("`" + o.defaultValue() + "`");
            }
        }
    }
}
