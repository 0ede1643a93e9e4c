package io.voicegather.server.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.voicegather.server.VoicegatherServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev phone is a convenience: a taken port or a SIP allow list that leaves it out are said, never fatal. */
class DevPhoneStartTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(VoicegatherServer.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @TempDir
    Path dir;

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    @Test
    void aTakenPortStartsTheServerWithoutTheDevPhone() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             E2eServer server = E2eServer.start(dir, 8, "--dev-phone-port", Integer.toString(taken.getLocalPort()))) {
            assertThat(server.server.devPhonePort()).isZero();
            assertThat(server.server.httpPort()).isPositive();
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(m -> m.startsWith("dev phone off: port " + taken.getLocalPort() + " is taken"));
        }
    }

    @Test
    void aSipAllowListWithoutTheDevPhonesAddressIsSaid() throws Exception {
        try (E2eServer server = E2eServer.withDevPhone(dir, "--sip-allow", "10.0.0.0/8")) {
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("dev phone: its calls come from 127.0.0.1, which --sip-allow does not list:"
                            + " they will go unanswered");
        }
    }

    @Test
    void aSipAllowListWithItIsQuiet() throws Exception {
        try (E2eServer server = E2eServer.withDevPhone(dir, "--sip-allow", "127.0.0.1, 10.0.0.0/8")) {
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("--sip-allow does not list"));
        }
    }
}
