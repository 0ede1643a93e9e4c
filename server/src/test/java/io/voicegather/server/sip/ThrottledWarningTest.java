package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of refusals is one warning per interval with its count, never one line per packet. */
class ThrottledWarningTest {
    final Logger logger = (Logger) LoggerFactory.getLogger("throttled-warning-test");
    final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    final ThrottledWarning warning = new ThrottledWarning(logger, "INVITE(s) over the rate (503)", 60_000);
    final InetSocketAddress source = new InetSocketAddress("192.0.2.9", 5060);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void theFirstRefusalIsLoggedThenOneLineAMinuteWithTheCount() {
        warning.record(source, 0);
        for (int i = 1; i <= 100_000; i++) {
            warning.record(source, i / 10); // 100,000 refusals within 10 s
        }
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getFormattedMessage())
                .isEqualTo("SIP: refused 1 INVITE(s) over the rate (503) since the last report (the last from "
                        + source + ")");

        warning.flush(59_999);
        assertThat(lines.list).hasSize(1);
        warning.flush(60_000); // the periodic flush reports a flood that has stopped
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).startsWith("SIP: refused 100000 INVITE(s)");

        warning.flush(200_000);
        assertThat(lines.list).as("nothing new: no line").hasSize(2);
    }
}
