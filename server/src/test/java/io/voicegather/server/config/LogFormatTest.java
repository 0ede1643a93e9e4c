package io.voicegather.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --log-format switches the process's log lines between text and one JSON object per line. */
class LogFormatTest {
    private final PrintStream realErr = System.err;

    @AfterEach
    void backToTheTestConfiguration() {
        System.setErr(realErr);
        LogFormat.TEXT.apply(); // finds logback-test.xml again
    }

    @Test
    void theFlagAndTheEnvironmentChooseTheFormat() {
        assertThat(ConfigLoader.load(new String[0], Map.of()).logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(ConfigLoader.load(new String[] {"--log-format", "json"}, Map.of()).logFormat())
                .isEqualTo(LogFormat.JSON);
        assertThat(ConfigLoader.load(new String[0], Map.of("VOICEGATHER_LOG_FORMAT", "JSON")).logFormat())
                .isEqualTo(LogFormat.JSON);
        assertThatThrownBy(() -> ConfigLoader.load(new String[] {"--log-format", "xml"}, Map.of()))
                .hasMessageContaining("--log-format must be text or json");
    }

    @Test
    void jsonWritesOneObjectPerLineAndTextALineAHumanReads() throws Exception {
        assertThat(linesLoggedAs(LogFormat.JSON, "a json line")).satisfies(out -> {
            JsonNode line = new ObjectMapper().readTree(out.strip());
            assertThat(line.path("message").asText()).isEqualTo("a json line");
            assertThat(line.path("level").asText()).isEqualTo("INFO");
            assertThat(line.path("loggerName").asText()).isEqualTo(LogFormatTest.class.getName());
        });
        assertThat(linesLoggedAs(LogFormat.TEXT, "a text line")).contains("INFO").contains("LogFormatTest - a text line")
                .doesNotStartWith("{");
    }

    private String linesLoggedAs(LogFormat format, String message) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        // the server's own configuration (tests otherwise get logback-test.xml); its console appender, made now,
        // writes to the captured stream
        format.reload(LogFormat.class.getResource("/logback.xml"));
        LoggerFactory.getLogger(LogFormatTest.class).info(message);
        System.setErr(realErr);
        return captured.toString(StandardCharsets.UTF_8);
    }
}
