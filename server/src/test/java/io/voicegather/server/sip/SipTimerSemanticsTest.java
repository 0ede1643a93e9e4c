package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exact RFC 3261 timer behaviour with default T1/T2, driven by a manual clock instead of sleeps. */
class SipTimerSemanticsTest {
    ManualScheduler clock;
    RecordingHandler handler;
    SipServer server;
    TestUac uac;

    @BeforeEach
    void start() throws Exception {
        clock = new ManualScheduler();
        handler = new RecordingHandler();
        server = new SipServer(InetAddress.getLoopbackAddress(), 0, "127.0.0.1", handler, SipTimers.DEFAULT, clock,
                16);
        server.start();
        uac = new TestUac(server.port());
    }

    @AfterEach
    void stop() {
        uac.close();
        server.close();
    }

    /** Waits until the loop has scheduled a task due at {@code due}, then fires the clock up to it. */
    void fireAt(long due) {
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.hasTaskDueAt(due));
        clock.advanceTo(due);
    }

    @Test
    void twoHundredDoublesFromT1ToT2AndByeAfter64T1() throws Exception {
        handler.autoAnswerSdp = SipServerUdpTest.ANSWER;
        uac.send(uac.request("INVITE", 1, uac.newBranch(), null, "application/sdp", TestUac.offer(30000)));
        uac.awaitResponse(200, "INVITE", 5000);
        long[] dueTimes = {500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500};
        for (long due : dueTimes) {
            fireAt(due);
            uac.awaitResponse(200, "INVITE", 5000);
        }
        assertThat(handler.next()).startsWith("invite");
        assertThat(handler.events).isEmpty();
        fireAt(32000); // 64*T1 without ACK
        SipMessage bye = uac.await(m -> m.isRequest() && m.method().equals("BYE"), 5000, "BYE");
        assertThat(handler.next()).startsWith("acktimeout");
        // our BYE now runs Timer E: T1, 2T1, 4T1, T2...
        long t = 32000;
        for (long interval : new long[] {500, 1000, 2000, 4000}) {
            t += interval;
            fireAt(t);
            SipMessage again = uac.await(m -> m.isRequest() && m.method().equals("BYE"), 5000, "retransmitted BYE");
            assertThat(again.topVia()).isEqualTo(bye.topVia());
        }
        long next = t + 4000;
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.hasTaskDueAt(next));
        uac.replyOk(bye);
        // the final response stops Timer E
        await().atMost(Duration.ofSeconds(10)).until(() -> !clock.hasTaskDueAt(next));
    }

    @Test
    void rejectionIsRetransmittedWithTimerGUntilAck() throws Exception {
        String branch = uac.newBranch();
        uac.send(uac.request("INVITE", 1, branch, null, "application/sdp", TestUac.offer(30000)));
        uac.awaitResponse(100, "INVITE", 5000);
        assertThat(handler.next()).startsWith("invite");
        handler.lastSession().reject(486, "Busy Here");
        SipMessage busy = uac.awaitResponse(486, "INVITE", 5000);
        fireAt(500);
        uac.awaitResponse(486, "INVITE", 5000);
        fireAt(1500);
        uac.awaitResponse(486, "INVITE", 5000);
        uac.toTag = NameAddress.parse(busy.header("To")).tag();
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.hasTaskDueAt(3500));
        uac.send(uac.request("ACK", 1, branch, null, null, null));
        // the ACK cancels Timer G (next was due at 3500) and starts Timer I (T4 = 5 s)
        await().atMost(Duration.ofSeconds(10)).until(() -> !clock.hasTaskDueAt(3500));
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.hasTaskDueAt(1500 + 5000));
        assertThat(handler.events).isEmpty();
    }
}
