package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the real server over loopback UDP with a scripted client. */
class SipServerUdpTest {
    static final String ANSWER = "v=0\r\no=vg 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0 101\r\n";

    RecordingHandler handler;
    SipServer server;
    TestUac uac;

    @BeforeEach
    void start() throws Exception {
        handler = new RecordingHandler();
        startServer(new SipTimers(100, 400, 200));
    }

    void startServer(SipTimers timers) throws Exception {
        if (server != null) {
            server.close();
            uac.close();
        }
        server = new SipServer(InetAddress.getLoopbackAddress(), 0, "127.0.0.1", handler, timers);
        server.start();
        uac = new TestUac(server.port());
    }

    @AfterEach
    void stop() {
        uac.close();
        server.close();
    }

    /** INVITE → 100 + 200 with SDP; returns the 200 and records the To tag. */
    SipMessage establish() throws Exception {
        handler.autoAnswerSdp = ANSWER;
        uac.send(uac.request("INVITE", 1, uac.newBranch(), null, "application/sdp", TestUac.offer(30000)));
        uac.awaitResponse(100, "INVITE", 5000);
        SipMessage ok = uac.awaitResponse(200, "INVITE", 5000);
        uac.toTag = NameAddress.parse(ok.header("To")).tag();
        assertThat(handler.next()).isEqualTo("invite " + uac.callId);
        uac.send(uac.request("ACK", 1, uac.newBranch(), null, null, null));
        assertThat(handler.next()).isEqualTo("ack " + uac.callId);
        return ok;
    }

    @Test
    void basicCallWithRemoteBye() throws Exception {
        SipMessage ok = establish();
        assertThat(ok.bodyText()).isEqualTo(ANSWER);
        assertThat(ok.header("Content-Type")).isEqualTo("application/sdp");
        assertThat(ok.header("Contact")).isEqualTo("<sip:127.0.0.1:" + server.port() + ">");
        assertThat(uac.toTag).isNotBlank();
        InviteSession s = handler.lastSession();
        assertThat(s.fromUri()).isEqualTo("sip:+15550001111@127.0.0.1:" + uac.localPort());
        assertThat(s.fromDisplayName()).isEqualTo("Alice Caller");
        assertThat(s.toUri()).isEqualTo("sip:1000@127.0.0.1:" + server.port());
        assertThat(s.offerSdp()).isEqualTo(TestUac.offer(30000));
        assertThat(s.transport()).isEqualTo("UDP");
        assertThat(s.remoteAddress().getPort()).isEqualTo(uac.localPort());

        uac.send(uac.request("BYE", 2, uac.newBranch(), null, null, null));
        uac.awaitResponse(200, "BYE", 5000);
        assertThat(handler.next()).isEqualTo("bye " + uac.callId);
    }

    @Test
    void rportAndReceivedAreSetOnTheTopVia() throws Exception {
        uac.send(uac.request("OPTIONS", 1, "z9hG4bK-rport", null, null, null));
        SipMessage ok = uac.awaitResponse(200, "OPTIONS", 5000);
        assertThat(ok.topVia()).contains(";rport=" + uac.localPort()).contains(";received=127.0.0.1");
        assertThat(ok.header("Allow")).contains("INVITE").contains("BYE").contains("INFO");
        assertThat(ok.header("Accept")).contains("application/sdp");
        assertThat(ok.headers().contains("Supported")).isTrue();
    }

    @Test
    void retransmittedInviteIsAbsorbed() throws Exception {
        String invite = uac.request("INVITE", 1, uac.newBranch(), null, "application/sdp", TestUac.offer(30000));
        uac.send(invite);
        uac.awaitResponse(100, "INVITE", 5000);
        assertThat(handler.next()).startsWith("invite");
        uac.send(invite);
        uac.send(invite);
        uac.awaitResponse(100, "INVITE", 5000); // the last response is resent
        handler.lastSession().ringing();
        uac.awaitResponse(180, "INVITE", 5000);
        uac.send(invite);
        uac.awaitResponse(180, "INVITE", 5000);
        handler.lastSession().answer(ANSWER);
        uac.awaitResponse(200, "INVITE", 5000);
        assertThat(handler.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(handler.sessions).hasSize(1);
    }

    @Test
    void twoHundredIsRetransmittedUntilAckTimeoutThenBye() throws Exception {
        startServer(new SipTimers(10, 40, 50)); // ACK wait 64*T1 = 640 ms
        handler.autoAnswerSdp = ANSWER;
        uac.send(uac.request("INVITE", 1, uac.newBranch(), null, "application/sdp", TestUac.offer(30000)));
        SipMessage bye = uac.await(m -> m.isRequest() && m.method().equals("BYE"), 10_000, "BYE after ACK timeout");
        assertThat(handler.next()).startsWith("invite");
        assertThat(handler.next()).isEqualTo("acktimeout " + uac.callId);
        assertThat(bye.cseq().method()).isEqualTo("BYE");
        uac.replyOk(bye);
    }

    @Test
    void twoHundredRetransmissionsDoubleAndStopOnAck() throws Exception {
        startServer(new SipTimers(40, 160, 50));
        handler.autoAnswerSdp = ANSWER;
        uac.send(uac.request("INVITE", 1, uac.newBranch(), null, "application/sdp", TestUac.offer(30000)));
        List<SipMessage> seen = uac.drain(700); // 200 at 0, 40, 120, 280, 440, 600 ms
        long oks = seen.stream().filter(m -> m.statusCode() == 200).count();
        assertThat(oks).isGreaterThanOrEqualTo(3);
        SipMessage ok = seen.stream().filter(m -> m.statusCode() == 200).findFirst().orElseThrow();
        uac.toTag = NameAddress.parse(ok.header("To")).tag();
        uac.send(uac.request("ACK", 1, uac.newBranch(), null, null, null));
        assertThat(handler.next()).startsWith("invite");
        assertThat(handler.next()).startsWith("ack");
        uac.drain(500); // in flight before the ACK landed (exact timing is proven in SipTimerSemanticsTest)
        assertThat(uac.drain(600)).noneMatch(m -> m.statusCode() == 200);
    }

    @Test
    void cancelBeforeAnswer() throws Exception {
        String branch = uac.newBranch();
        uac.send(uac.request("INVITE", 1, branch, null, "application/sdp", TestUac.offer(30000)));
        uac.awaitResponse(100, "INVITE", 5000);
        assertThat(handler.next()).startsWith("invite");
        uac.send(uac.request("CANCEL", 1, branch, null, null, null));
        uac.awaitResponse(200, "CANCEL", 5000);
        SipMessage terminated = uac.awaitResponse(487, "INVITE", 5000);
        assertThat(handler.next()).isEqualTo("cancel " + uac.callId);
        uac.toTag = NameAddress.parse(terminated.header("To")).tag();
        uac.send(uac.request("ACK", 1, branch, null, null, null));
        uac.drain(400);
        assertThat(uac.drain(500)).noneMatch(m -> m.statusCode() == 487); // ACK stopped Timer G
        // the session cannot be answered any more
        handler.lastSession().answer(ANSWER);
        assertThat(uac.drain(300)).noneMatch(m -> m.statusCode() == 200);
    }

    @Test
    void cancelAfterAnswerHasNoEffectAndUnknownCancelGets481() throws Exception {
        handler.autoAnswerSdp = ANSWER;
        String branch = uac.newBranch();
        uac.send(uac.request("INVITE", 1, branch, null, "application/sdp", TestUac.offer(30000)));
        SipMessage ok = uac.awaitResponse(200, "INVITE", 5000);
        uac.send(uac.request("CANCEL", 1, branch, null, null, null));
        uac.awaitResponse(200, "CANCEL", 5000);
        uac.toTag = NameAddress.parse(ok.header("To")).tag();
        uac.send(uac.request("ACK", 1, uac.newBranch(), null, null, null));
        assertThat(handler.next()).startsWith("invite");
        assertThat(handler.next()).startsWith("ack");
        uac.send(uac.request("CANCEL", 7, "z9hG4bK-nothing", null, null, null));
        uac.awaitResponse(481, "CANCEL", 5000);
        assertThat(handler.events).isEmpty();
    }

    @Test
    void ourByeIsRetransmittedUntilAnswered() throws Exception {
        establish();
        handler.lastSession().bye();
        SipMessage bye = uac.await(m -> m.isRequest() && m.method().equals("BYE"), 5000, "BYE");
        assertThat(bye.requestUri()).isEqualTo("sip:alice@127.0.0.1:" + uac.localPort());
        assertThat(NameAddress.parse(bye.header("From")).tag()).isEqualTo(uac.toTag);
        assertThat(NameAddress.parse(bye.header("To")).tag()).isEqualTo(uac.fromTag);
        assertThat(bye.callId()).isEqualTo(uac.callId);
        assertThat(bye.cseq().method()).isEqualTo("BYE");
        SipMessage again = uac.await(m -> m.isRequest() && m.method().equals("BYE"), 5000, "BYE retransmission");
        assertThat(again.topVia()).isEqualTo(bye.topVia());
        uac.replyOk(again);
        uac.drain(450); // one may have crossed our 200
        assertThat(uac.drain(1000)).noneMatch(m -> m.isRequest() && m.method().equals("BYE"));
        assertThat(handler.events).isEmpty(); // our own BYE is not reported back
    }

    @Test
    void infoDigitsAreReported() throws Exception {
        establish();
        uac.send(uac.request("INFO", 2, uac.newBranch(), null, "application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"));
        uac.awaitResponse(200, "INFO", 5000);
        assertThat(handler.next()).isEqualTo("digit 5 160");
        uac.send(uac.request("INFO", 3, uac.newBranch(), null, "application/dtmf", "11"));
        uac.awaitResponse(200, "INFO", 5000);
        assertThat(handler.next()).isEqualTo("digit # 250");
        String retransmitted = uac.request("INFO", 4, uac.newBranch(), null, "application/dtmf-relay", "Signal=*\r\n");
        uac.send(retransmitted);
        uac.send(retransmitted);
        uac.awaitResponse(200, "INFO", 5000);
        uac.awaitResponse(200, "INFO", 5000);
        assertThat(handler.next()).isEqualTo("digit * 250");
        uac.send(uac.request("INFO", 5, uac.newBranch(), null, "application/media_control+xml", "<x/>"));
        uac.awaitResponse(200, "INFO", 5000);
        assertThat(handler.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void reinviteIsAnsweredByTheHandlerOr488() throws Exception {
        establish();
        String branch = uac.newBranch();
        uac.send(uac.request("INVITE", 2, branch, null, "application/sdp", TestUac.offer(30002)));
        SipMessage ok = uac.awaitResponse(200, "INVITE", 5000);
        assertThat(ok.bodyText()).isEqualTo("v=0\r\nreinvite-answer\r\n");
        assertThat(handler.next()).isEqualTo("reinvite " + uac.callId);
        uac.send(uac.request("ACK", 2, uac.newBranch(), null, null, null));
        uac.drain(300);
        assertThat(uac.drain(500)).noneMatch(m -> m.statusCode() == 200); // ACK stopped retransmissions
        assertThat(handler.events).isEmpty(); // the ACK of a re-INVITE is absorbed

        handler.reinvite = (s, offer) -> null;
        String branch2 = uac.newBranch();
        uac.send(uac.request("INVITE", 3, branch2, null, "application/sdp", TestUac.offer(30004)));
        uac.awaitResponse(488, "INVITE", 5000);
        uac.send(uac.request("ACK", 3, branch2, null, null, null));
        assertThat(handler.next()).startsWith("reinvite");
        // the dialog is still alive
        uac.send(uac.request("BYE", 4, uac.newBranch(), null, null, null));
        uac.awaitResponse(200, "BYE", 5000);
        assertThat(handler.next()).startsWith("bye");
    }

    @Test
    void unknownDialogMethodsAndExtensions() throws Exception {
        uac.toTag = "nosuchtag";
        uac.send(uac.request("BYE", 2, uac.newBranch(), null, null, null));
        uac.awaitResponse(481, "BYE", 5000);
        uac.send(uac.request("INFO", 3, uac.newBranch(), null, "application/dtmf", "1"));
        uac.awaitResponse(481, "INFO", 5000);
        uac.toTag = null;
        uac.send(uac.request("SUBSCRIBE", 4, uac.newBranch(), null, null, null));
        SipMessage notAllowed = uac.awaitResponse(405, "SUBSCRIBE", 5000);
        assertThat(notAllowed.header("Allow")).isEqualTo(UasCore.ALLOW);
        uac.send(uac.request("INVITE", 5, uac.newBranch(), "Require: 100rel\r\n", "application/sdp",
                TestUac.offer(30000)));
        SipMessage bad = uac.awaitResponse(420, "INVITE", 5000);
        assertThat(bad.header("Unsupported")).isEqualTo("100rel");
        assertThat(handler.events).isEmpty();
    }

    @Test
    void malformedButAnswerableRequestGets400() throws Exception {
        String good = uac.request("OPTIONS", 1, uac.newBranch(), null, null, null);
        String broken = good.replace("Max-Forwards: 70\r\n", "this line has no colon\r\n");
        uac.send(broken);
        uac.awaitResponse(400, "OPTIONS", 5000);
        uac.send(good.replace("Content-Length: 0", "Content-Length: 99"));
        uac.awaitResponse(400, "OPTIONS", 5000);
        uac.send(good.replace("CSeq: 1 OPTIONS", "CSeq: 1 INFO"));
        uac.awaitResponse(400, "INFO", 5000);
    }

    @Test
    void listenerSurvivesGarbage() throws Exception {
        String valid = uac.request("OPTIONS", 1, "z9hG4bK-seed", null, null, null);
        byte[] seed = valid.getBytes(StandardCharsets.UTF_8);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        TestUac garbage = new TestUac(server.port()); // its answers (400s, 200s) are never read
        for (int i = 0; i < 5000; i++) {
            byte[] b;
            switch (i % 4) {
                case 0 -> {
                    b = new byte[r.nextInt(1, 1500)];
                    r.nextBytes(b);
                }
                case 1 -> b = java.util.Arrays.copyOf(seed, r.nextInt(1, seed.length));
                case 2 -> {
                    b = seed.clone();
                    for (int k = 0; k < 1 + r.nextInt(8); k++) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    }
                }
                default -> b = ("INVITE sip:x SIP/2.0\r\nVia: " + "x".repeat(r.nextInt(10_000)) + "\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
            garbage.send(b);
        }
        garbage.close();
        // Like any UDP client, retransmit: the kernel may drop datagrams while the flood is being worked off.
        String branch = "z9hG4bK-after-garbage";
        SipMessage ok = null;
        for (int attempt = 0; attempt < 20 && ok == null; attempt++) {
            uac.send(uac.request("OPTIONS", 99, branch, null, null, null));
            ok = uac.receive(500);
        }
        assertThat(ok).as("200 to OPTIONS after garbage").isNotNull();
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.topVia()).contains(branch);
    }
}
