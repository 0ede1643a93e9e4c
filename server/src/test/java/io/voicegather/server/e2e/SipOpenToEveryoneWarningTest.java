package io.voicegather.server.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.voicegather.server.VoicegatherServer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The start warns when SIP takes calls from anyone on an address others can reach, and only then. */
class SipOpenToEveryoneWarningTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIP on {0}, --sip-allow [{1}]: warning {2}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0   | ''           | true",
            "0.0.0.0   | 10.0.0.0/8   | false",
            "127.0.0.1 | ''           | false",
    })
    void warnsOnlyWhenEveryoneCanReachAnOpenServer(String sipHost, String allow, boolean warned) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(VoicegatherServer.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (E2eServer ignored = E2eServer.start(dir, 8, "--sip-host", sipHost, "--sip-allow", allow)) {
            assertThat(lines.list).filteredOn(e -> e.getFormattedMessage().contains("set --sip-allow"))
                    .hasSize(warned ? 1 : 0);
        } finally {
            logger.detachAppender(lines);
        }
    }
}
