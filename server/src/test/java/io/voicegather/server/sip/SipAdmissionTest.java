package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIP admission over real sockets on 127/8 (127.0.0.1 is allowed, 127.0.0.2 plays the outsider): dropped unanswered
 * outside the allow list, a stateless 503 with Retry-After over the rate or the unanswered-calls cap, and the TCP
 * per-source cap. One row of docs/robustness.md each.
 */
class SipAdmissionTest {
    static final InetAddress MEMBER = address("127.0.0.1");
    static final InetAddress OUTSIDER = address("127.0.0.2");

    final RecordingHandler handler = new RecordingHandler();
    final List<AutoCloseable> toClose = new ArrayList<>();
    SipServer server;

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void start(SipAdmissionSettings settings) throws IOException {
        server = new SipServer(InetAddress.getLoopbackAddress(), 0, "127.0.0.1", handler, new SipTimers(100, 400, 200),
                null, settings);
        server.start();
    }

    static SipAdmissionSettings allowingMemberOnly() {
        return SipAdmissionSettings.DEFAULTS.withAllow(SipAllowList.parse("127.0.0.1/32"));
    }

    TestUac uac(InetAddress from) throws IOException {
        TestUac uac = new TestUac(server.port(), from);
        toClose.add(uac);
        return uac;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static void invite(TestUac uac) throws IOException {
        uac.send(uac.request("INVITE", 1, uac.newBranch(), null, "application/sdp", TestUac.offer(30000)));
    }

    @Test
    void anInviteFromOutsideTheAllowListIsNotAnsweredAtAll() throws Exception {
        start(allowingMemberOnly());
        TestUac outsider = uac(OUTSIDER);
        invite(outsider);
        outsider.send(outsider.request("OPTIONS", 2, outsider.newBranch(), null, null, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admissionCounters().datagramsNotAllowed() == 2);
        assertThat(outsider.drain(500)).as("no 100, no 403, nothing").isEmpty();
        assertThat(handler.events).isEmpty();

        TestUac member = uac(MEMBER);
        invite(member);
        member.awaitResponse(100, "INVITE", 5000);
        assertThat(handler.next()).isEqualTo("invite " + member.callId);
    }

    @Test
    void aTcpConnectionFromOutsideTheAllowListIsClosedOnAccept() throws Exception {
        start(allowingMemberOnly());
        try (Socket outsider = connect(OUTSIDER)) {
            assertClosedByServer(outsider);
        }
        assertThat(server.admissionCounters().connectionsNotAllowed()).isEqualTo(1);
        try (Socket member = connect(MEMBER)) {
            member.setSoTimeout(300);
            assertStillOpen(member);
        }
    }

    @Test
    void invitesOverTheSourceRateGetAStateless503WithRetryAfter() throws Exception {
        start(SipAdmissionSettings.DEFAULTS.withInviteRate(1, 2));
        TestUac greedy = uac(MEMBER);
        invite(greedy);
        invite(greedy);
        greedy.awaitResponse(100, "INVITE", 5000);
        greedy.awaitResponse(100, "INVITE", 5000);
        invite(greedy);
        SipMessage busy = greedy.awaitResponse(503, "INVITE", 5000);
        assertThat(busy.header("Retry-After")).isEqualTo("1");
        assertThat(server.admissionCounters().invitesOverSourceRate()).isEqualTo(1);

        greedy.toTag = NameAddress.parse(busy.header("To")).tag();
        greedy.send(greedy.request("ACK", 1, greedy.newBranch(), null, null, null)); // matches nothing: ignored
        assertThat(greedy.drain(1000)).as("a stateless 503 is never retransmitted")
                .noneMatch(m -> !m.isRequest() && m.statusCode() == 503);
        assertThat(handler.next()).startsWith("invite ");
        assertThat(handler.next()).startsWith("invite ");
        assertThat(handler.events).as("the refused INVITE reached no handler").isEmpty();

        TestUac other = uac(address("127.0.0.3"));
        invite(other);
        other.awaitResponse(100, "INVITE", 5000); // another source has a bucket of its own
    }

    @Test
    void invitesBeyondTheUnansweredCapGet503UntilACallIsAnswered() throws Exception {
        start(SipAdmissionSettings.DEFAULTS.withMaxUnansweredCalls(2));
        TestUac a = uac(MEMBER);
        TestUac b = uac(MEMBER);
        TestUac c = uac(MEMBER);
        invite(a);
        invite(b);
        a.awaitResponse(100, "INVITE", 5000);
        b.awaitResponse(100, "INVITE", 5000);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admissionCounters().unansweredCalls() == 2);
        invite(c);
        assertThat(c.awaitResponse(503, "INVITE", 5000).header("Retry-After"))
                .isEqualTo(String.valueOf(SipAdmission.CAP_RETRY_AFTER_SECONDS));
        assertThat(server.admissionCounters().invitesOverUnansweredCap()).isEqualTo(1);

        handler.next();
        handler.next();
        handler.sessions.get(0).answer(SipServerUdpTest.ANSWER);
        handler.sessions.get(1).reject(486, "Busy Here");
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admissionCounters().unansweredCalls() == 0);
        invite(c);
        c.awaitResponse(100, "INVITE", 5000);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.admissionCounters().unansweredCalls() == 1);
    }

    @Test
    void tcpConnectionsFromOneSourceAreCapped() throws Exception {
        start(SipAdmissionSettings.DEFAULTS.withTcp(100, 2, Duration.ofMinutes(5)));
        Socket first = connect(MEMBER);
        Socket second = connect(MEMBER);
        toClose.add(first);
        toClose.add(second);
        try (Socket third = connect(MEMBER)) {
            assertClosedByServer(third);
        }
        assertThat(server.admissionCounters().connectionsOverSourceCap()).isEqualTo(1);
        try (Socket other = connect(OUTSIDER)) {
            other.setSoTimeout(300);
            assertStillOpen(other); // another source is not affected
        }
        first.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            try (Socket again = connect(MEMBER)) {
                again.setSoTimeout(300);
                assertStillOpen(again); // a closed connection frees its place
            }
        });
    }

    @Test
    void anIdleTcpConnectionIsClosedAfterTheConfiguredIdleTimeout() throws Exception {
        start(SipAdmissionSettings.DEFAULTS.withTcp(100, 10, Duration.ofSeconds(1)));
        try (Socket idle = connect(MEMBER)) {
            assertClosedByServer(idle); // within 5 s: the 1 s timeout, swept every second
        }
        assertThat(server.admissionCounters().connectionsClosedIdle()).isEqualTo(1);
    }

    Socket connect(InetAddress from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        return s;
    }

    static void assertClosedByServer(Socket s) throws IOException {
        s.setSoTimeout(5000);
        InputStream in = s.getInputStream();
        try {
            assertThat(in.read()).as("end of stream").isEqualTo(-1);
        } catch (java.net.SocketException reset) {
            // closed by the server with a reset: closed all the same
        }
    }

    static void assertStillOpen(Socket s) throws IOException {
        try {
            int b = s.getInputStream().read();
            throw new AssertionError("expected an open, silent connection, read " + b);
        } catch (SocketTimeoutException stillOpen) {
            // nothing came and nothing closed
        }
    }
}
