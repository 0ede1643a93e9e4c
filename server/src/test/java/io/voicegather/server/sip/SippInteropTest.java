package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.sip.sdp.SdpAnswer;
import io.voicegather.server.sip.sdp.SdpNegotiationException;
import io.voicegather.server.sip.sdp.SdpNegotiator;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real SIPp (Debian package sip-tester) places calls against the server; it must report every call good. */
class SippInteropTest {
    static final String SIPP = "/usr/bin/sipp";

    @TempDir
    Path dir;

    /** Answers every INVITE with a negotiated SDP, or 488 when the offer has nothing usable. */
    static final class AnsweringHandler implements SipCallHandler {
        final AtomicInteger invites = new AtomicInteger();
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger byes = new AtomicInteger();

        @Override
        public void onInvite(InviteSession session) {
            invites.incrementAndGet();
            try {
                SdpAnswer a = new SdpNegotiator().answer(session.offerSdp(), "127.0.0.1", 40000);
                session.answer(a.sdp());
            } catch (SdpNegotiationException e) {
                session.reject(488, "Not Acceptable Here");
            }
        }

        @Override
        public void onAck(InviteSession session) {
            acks.incrementAndGet();
        }

        @Override
        public void onBye(InviteSession session) {
            byes.incrementAndGet();
        }

        @Override
        public void onCancel(InviteSession session) {
        }

        @Override
        public void onAckTimeout(InviteSession session) {
        }

        @Override
        public String onReinvite(InviteSession session, String offerSdp) {
            return null;
        }

        @Override
        public void onInfoDigit(InviteSession session, char digit, int durationMillis) {
        }
    }

    @ParameterizedTest(name = "transport {0}")
    @ValueSource(strings = {"u1", "t1"})
    void sippUacCallsSucceed(String transportMode) throws Exception {
        assertThat(new File(SIPP).canExecute())
                .as(SIPP + " is missing: install the Debian package sip-tester (apt-get install sip-tester)")
                .isTrue();
        AnsweringHandler handler = new AnsweringHandler();
        try (SipServer server = new SipServer(InetAddress.getLoopbackAddress(), 0, "127.0.0.1", handler,
                SipTimers.DEFAULT)) {
            server.start();
            int mediaPort;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                mediaPort = probe.getLocalPort(); // a free port for SIPp's RTP echo socket
            }
            Path log = dir.resolve("sipp.out");
            Process p = new ProcessBuilder(List.of(SIPP, "127.0.0.1:" + server.port(), "-sn", "uac",
                    "-t", transportMode, "-m", "3", "-r", "10", "-timeout", "20s", "-timeout_error", "-nostdin",
                    "-i", "127.0.0.1", "-p", "0", "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort)))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(40, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
            }
            String output = Files.readString(log);
            String tail = output.length() > 3000 ? output.substring(output.length() - 3000) : output;
            assertThat(finished).as("sipp finished; output:\n" + tail).isTrue();
            assertThat(p.exitValue()).as("sipp exit status; output:\n" + tail).isZero();
            // The stack answers before the handler's callback runs: SIPp may exit just before the last one.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(handler.invites.get()).isEqualTo(3);
                assertThat(handler.acks.get()).isEqualTo(3);
                assertThat(handler.byes.get()).isEqualTo(3);
            });
        }
    }
}
