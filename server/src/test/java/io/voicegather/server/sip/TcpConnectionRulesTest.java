package io.voicegather.server.sip;

import static io.voicegather.server.sip.SipServerTcpTest.tcp;
import static io.voicegather.server.sip.TcpTransport.CALL_IDLE_TIMEOUT_MILLIS;
import static io.voicegather.server.sip.TcpTransport.FIRST_MESSAGE_TIMEOUT_MILLIS;
import static io.voicegather.server.sip.TcpTransport.IDLE_TIMEOUT_MILLIS;
import static io.voicegather.server.sip.TcpTransport.PARTIAL_MESSAGE_TIMEOUT_MILLIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.voicegather.server.sip.SipServerTcpTest.TcpClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The TCP connection rules (first-message, stalled-message, idle and live-call timeouts, the connection cap) over
 * real sockets on 127.0.0.1. Time is a manual clock read by the transport; each check runs an explicit sweep on
 * the loop, so no test waits for a timeout to pass.
 */
class TcpConnectionRulesTest {
    static final long BASE = 1_000_000;

    final AtomicLong clock = new AtomicLong(BASE);
    final RecordingHandler handler = new RecordingHandler();
    final List<AutoCloseable> toClose = new ArrayList<>();
    ScheduledExecutorService scheduler;
    SipLoop loop;
    TcpTransport tcp;
    UdpTransport udp;

    void start(int maxConnections) throws IOException {
        start(maxConnections, false);
    }

    void start(int maxConnections, boolean withUdp) throws IOException {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        loop = new SipLoop(scheduler, "tcp-rules-test");
        UasCore core = new UasCore(loop, new SipTimers(100, 400, 200), handler, "127.0.0.1");
        tcp = new TcpTransport(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), core,
                maxConnections, clock::get);
        if (withUdp) {
            udp = new UdpTransport(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), core);
        }
        core.attach(udp, tcp.localPort()); // most tests need TCP only
        loop.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    TcpClient connect() throws IOException {
        TcpClient c = new TcpClient(tcp.localPort());
        c.socket.setSoTimeout(5000);
        toClose.add(c);
        return c;
    }

    TestUac script() throws IOException {
        TestUac s = new TestUac(tcp.localPort());
        toClose.add(s);
        return s;
    }

    <T> T onLoop(Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }

    int open() throws Exception {
        return onLoop(tcp::openConnections);
    }

    void awaitOpen(int n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> open() == n);
    }

    /** Sets the clock and runs one sweep on the loop; returns the connections still open after it. */
    int sweepAt(long time) throws Exception {
        clock.set(time);
        return onLoop(() -> {
            tcp.sweep();
            return tcp.openConnections();
        });
    }

    static void assertClosedByServer(TcpClient c) throws IOException {
        c.socket.setSoTimeout(5000);
        try {
            while (true) {
                int b = c.in.read();
                if (b < 0) {
                    return;
                }
                assertThat((char) b).as("only pongs may precede the close").isIn('\r', '\n');
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection");
        } catch (IOException reset) {
            // closed too
        }
    }

    static void assertStillUsable(TcpClient c, TestUac script) throws Exception {
        c.send(tcp(script.request("OPTIONS", 99, script.newBranch(), null, null, null)));
        c.readUntil(200, "OPTIONS");
    }

    @Test
    void connectionsWithoutACompleteMessageCloseAfterTheFirstMessageTimeout() throws Exception {
        start(100);
        TcpClient silent = connect();
        TcpClient pinging = connect();
        awaitOpen(2);
        pinging.send("\r\n\r\n");
        assertThat(pinging.in.read()).isEqualTo('\r'); // the pong: the ping was read
        assertThat(pinging.in.read()).isEqualTo('\n');
        pinging.send("OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:1;branch=z9hG4bKx\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(tcp::bufferedInboundBytes) > 0);

        assertThat(sweepAt(BASE + FIRST_MESSAGE_TIMEOUT_MILLIS - 1)).isEqualTo(2);
        assertThat(sweepAt(BASE + FIRST_MESSAGE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(silent);
        assertClosedByServer(pinging);
    }

    @Test
    void aCompleteRequestEscapesTheShortRuleAndIdleTimeCountsFromTheLastTraffic() throws Exception {
        start(100);
        TcpClient c = connect();
        TestUac script = script();
        c.send(tcp(script.request("OPTIONS", 1, script.newBranch(), null, null, null)));
        c.readUntil(200, "OPTIONS");
        assertThat(sweepAt(BASE + FIRST_MESSAGE_TIMEOUT_MILLIS)).isEqualTo(1);
        assertThat(sweepAt(BASE + IDLE_TIMEOUT_MILLIS - 1)).isEqualTo(1);

        long ping = BASE + IDLE_TIMEOUT_MILLIS - 1;
        c.send("\r\n\r\n"); // a keep-alive is traffic: it restarts the idle time
        assertThat(c.in.read()).isEqualTo('\r');
        assertThat(c.in.read()).isEqualTo('\n');
        assertThat(sweepAt(ping + IDLE_TIMEOUT_MILLIS - 1)).isEqualTo(1);
        assertStillUsable(c, script);
        long options = ping + IDLE_TIMEOUT_MILLIS - 1;
        assertThat(sweepAt(options + IDLE_TIMEOUT_MILLIS - 1)).isEqualTo(1);
        assertThat(sweepAt(options + IDLE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(c);
    }

    @Test
    void aStalledHalfMessageIsDroppedWithItsConnection() throws Exception {
        start(100);
        TcpClient c = connect();
        TestUac script = script();
        c.send(tcp(script.request("OPTIONS", 1, script.newBranch(), null, null, null)));
        c.readUntil(200, "OPTIONS");

        long begun = BASE + 1000;
        clock.set(begun);
        String next = tcp(script.request("OPTIONS", 2, script.newBranch(), null, null, null));
        c.send(next.substring(0, next.length() / 2));
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(tcp::bufferedInboundBytes) > 0);
        // more bytes of the same message do not restart its clock (a trickle cannot hold a connection)
        clock.set(begun + 20_000);
        c.send(next.substring(next.length() / 2, next.length() - 10));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onLoop(tcp::bufferedInboundBytes) == next.length() - 10);

        assertThat(sweepAt(begun + PARTIAL_MESSAGE_TIMEOUT_MILLIS - 1)).isEqualTo(1);
        assertThat(sweepAt(begun + PARTIAL_MESSAGE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(c);
    }

    /** INVITE over {@code c}, answered and acknowledged; returns the script with the dialog's to-tag set. */
    TestUac establishCall(TcpClient c) throws Exception {
        handler.autoAnswerSdp = SipServerUdpTest.ANSWER;
        TestUac script = script();
        c.send(tcp(script.request("INVITE", 1, script.newBranch(), null, "application/sdp", TestUac.offer(30000))));
        SipMessage ok = c.readUntil(200, "INVITE");
        script.toTag = NameAddress.parse(ok.header("To")).tag();
        c.send(tcp(script.request("ACK", 1, script.newBranch(), null, null, null)));
        assertThat(handler.next()).startsWith("invite");
        assertThat(handler.next()).startsWith("ack");
        assertThat(onLoop(tcp::boundCalls)).isEqualTo(1);
        return script;
    }

    @Test
    void aQuietConnectionCarryingALiveCallStaysOpenAndOurByeUsesIt() throws Exception {
        start(100);
        TcpClient c = connect();
        establishCall(c);

        assertThat(sweepAt(BASE + 3 * IDLE_TIMEOUT_MILLIS)).isEqualTo(1);
        long late = BASE + CALL_IDLE_TIMEOUT_MILLIS - 1;
        assertThat(sweepAt(late)).isEqualTo(1);

        handler.lastSession().bye();
        SipMessage bye = c.read();
        assertThat(bye.method()).isEqualTo("BYE");
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(tcp::boundCalls) == 0);
        // the call is over: the ordinary idle rule applies from our BYE on
        assertThat(sweepAt(late + IDLE_TIMEOUT_MILLIS - 1)).isEqualTo(1);
        assertThat(sweepAt(late + IDLE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(c);
    }

    @Test
    void aCallWhoseEndIsNeverSeenHoldsItsConnectionOnlyUntilTheBackstop() throws Exception {
        start(100);
        TcpClient c = connect();
        establishCall(c);
        assertThat(sweepAt(BASE + CALL_IDLE_TIMEOUT_MILLIS - 1)).isEqualTo(1);
        assertThat(sweepAt(BASE + CALL_IDLE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertThat(onLoop(tcp::boundCalls)).isZero();
        assertClosedByServer(c);
    }

    @Test
    void theCallersByeOnAnotherConnectionReleasesTheFirst() throws Exception {
        start(100);
        TcpClient first = connect();
        TestUac script = establishCall(first);
        TcpClient second = connect();
        second.send(tcp(script.request("BYE", 2, script.newBranch(), null, null, null)));
        second.readUntil(200, "BYE");
        assertThat(handler.next()).startsWith("bye");
        assertThat(onLoop(tcp::boundCalls)).isZero();
        // both are now plain idle connections
        assertThat(sweepAt(BASE + IDLE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(first);
        assertClosedByServer(second);
    }

    @Test
    void theCallersByeOverUdpReleasesTheTcpConnection() throws Exception {
        start(100, true);
        TcpClient c = connect();
        TestUac script = establishCall(c);
        try (TestUac overUdp = new TestUac(udp.localPort())) {
            // the same dialog (Call-ID and tags), the BYE just travels another way
            String bye = script.request("BYE", 2, script.newBranch(), null, null, null);
            overUdp.send(bye.replace("127.0.0.1:" + script.localPort(), "127.0.0.1:" + overUdp.localPort()));
            overUdp.awaitResponse(200, "BYE", 5000);
        }
        assertThat(handler.next()).startsWith("bye");
        assertThat(onLoop(tcp::boundCalls)).isZero();
        // the TCP connection is a plain idle connection again: the 5-minute rule, not the 4-hour backstop
        assertThat(sweepAt(BASE + IDLE_TIMEOUT_MILLIS - 1)).isEqualTo(1);
        assertThat(sweepAt(BASE + IDLE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(c);
    }

    @Test
    void aCancelledCallAndAnAckTimeoutReleaseTheirConnections() throws Exception {
        start(100);
        TcpClient c = connect();
        TestUac script = script();
        String branch = script.newBranch();
        c.send(tcp(script.request("INVITE", 1, branch, null, "application/sdp", TestUac.offer(30000))));
        c.readUntil(100, "INVITE");
        assertThat(handler.next()).startsWith("invite");
        assertThat(onLoop(tcp::boundCalls)).isEqualTo(1);
        c.send(tcp(script.request("CANCEL", 1, branch, null, null, null)));
        c.readUntil(487, "INVITE");
        assertThat(onLoop(tcp::boundCalls)).as("cancelled").isZero();

        // answered but never acknowledged: after 64*T1 (6.4 s with the test timers) we end the dialog with a BYE
        handler.autoAnswerSdp = SipServerUdpTest.ANSWER;
        TestUac second = script();
        c.send(tcp(second.request("INVITE", 1, second.newBranch(), null, "application/sdp", TestUac.offer(30002))));
        c.readUntil(200, "INVITE");
        assertThat(onLoop(tcp::boundCalls)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> onLoop(tcp::boundCalls) == 0);
        assertThat(c.read().method()).as("our BYE after the ACK timeout").isEqualTo("BYE");
    }

    @Test
    void aRejectedCallDoesNotHoldItsConnection() throws Exception {
        start(100);
        TcpClient c = connect();
        TestUac script = script();
        String branch = script.newBranch();
        c.send(tcp(script.request("INVITE", 1, branch, null, "application/sdp", TestUac.offer(30000))));
        c.readUntil(100, "INVITE");
        assertThat(handler.next()).startsWith("invite");
        assertThat(onLoop(tcp::boundCalls)).as("a call in progress is bound").isEqualTo(1);
        assertThat(sweepAt(BASE + IDLE_TIMEOUT_MILLIS)).as("and holds its connection").isEqualTo(1);

        long rejected = BASE + IDLE_TIMEOUT_MILLIS;
        handler.lastSession().reject(486, "Busy Here");
        SipMessage busy = c.readUntil(486, "INVITE");
        script.toTag = NameAddress.parse(busy.header("To")).tag();
        c.send(tcp(script.request("ACK", 1, branch, null, null, null)));
        assertThat(onLoop(tcp::boundCalls)).isZero();
        assertThat(sweepAt(rejected + IDLE_TIMEOUT_MILLIS)).isEqualTo(0);
        assertClosedByServer(c);
    }

    @Test
    void aMessageTrickledOneByteAtATimeIsScannedInLinearWork() throws Exception {
        start(100);
        TcpClient c = connect();
        TestUac script = script();
        StringBuilder filler = new StringBuilder();
        for (int i = 0; filler.length() < 20_000; i++) {
            filler.append("X-Filler-").append(i).append(": ").append("v".repeat(1000)).append("\r\n");
        }
        byte[] options = tcp(script.request("OPTIONS", 1, script.newBranch(), filler.toString(), null, null))
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (byte b : options) {
            c.out.write(b); // one segment per byte (no Nagle): the server reads it in many small pieces
            c.out.flush();
        }
        c.readUntil(200, "OPTIONS");
        // however the bytes were split into reads; a rescan per read would cost up to options.length^2 / 2
        assertThat(onLoop(tcp::framingInspections)).isLessThanOrEqualTo(3L * options.length);
    }

    @Test
    void connectionsOverTheCapAreClosedAtOnce() throws Exception {
        start(2);
        TcpClient a = connect();
        TcpClient b = connect();
        awaitOpen(2);
        TcpClient refused = connect();
        assertClosedByServer(refused);
        assertThat(onLoop(tcp::refusedConnections)).isEqualTo(1);
        assertThat(open()).isEqualTo(2);

        a.close();
        awaitOpen(1);
        TcpClient again = connect();
        TestUac script = script();
        assertStillUsable(again, script);
        assertStillUsable(b, script);
        assertThat(open()).isEqualTo(2);
        assertThat(onLoop(tcp::refusedConnections)).isEqualTo(1);
    }
}
