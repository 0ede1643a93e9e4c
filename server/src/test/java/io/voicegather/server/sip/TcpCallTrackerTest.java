package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the tracker reads calls from the messages we send; connections are plain strings here. */
class TcpCallTrackerTest {
    final TcpCallTracker<String> tracker = new TcpCallTracker<>();

    static byte[] response(int status, String cseq, String callIdHeader) {
        return ("SIP/2.0 " + status + " Whatever\r\nVia: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bK1\r\n"
                + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>;tag=2\r\n" + callIdHeader + "\r\n"
                + "CSeq: " + cseq + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] response(int status, String cseq) {
        return response(status, cseq, "Call-ID: abc@host");
    }

    static byte[] bye(String callId) {
        return ("BYE sip:a@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK2\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aProvisionalBindsAndAnErrorBeforeAnyTwoHundredReleases() {
        tracker.onSent(response(100, "1 INVITE"), "A");
        assertThat(tracker.carriesCall("A")).isTrue();
        tracker.onSent(response(487, "1 INVITE"), "A");
        assertThat(tracker.carriesCall("A")).isFalse();
        assertThat(tracker.liveCalls()).isZero();
    }

    @Test
    void anErrorToAReinviteLeavesTheCallAndByeEitherWayReleasesIt() {
        tracker.onSent(response(100, "1 INVITE"), "A");
        tracker.onSent(response(200, "1 INVITE"), "A");
        tracker.onSent(response(488, "2 INVITE"), "B"); // a re-INVITE refused, wherever it came from
        assertThat(tracker.carriesCall("A")).isTrue();
        assertThat(tracker.carriesCall("B")).isFalse();
        tracker.onSent(bye("other@host"), "A");
        assertThat(tracker.carriesCall("A")).isTrue();
        tracker.onSent(bye("abc@host"), "A");
        assertThat(tracker.carriesCall("A")).isFalse();

        tracker.onSent(response(200, "1 INVITE"), "A");
        tracker.onSent(response(481, "3 BYE"), "B");
        assertThat(tracker.carriesCall("A")).as("a refused BYE ends nothing").isTrue();
        tracker.onSent(response(200, "3 BYE"), "B");
        assertThat(tracker.carriesCall("A")).isFalse();
    }

    @Test
    void otherMessagesAreIgnoredAndCompactOrLowerCaseHeadersAreRead() {
        tracker.onSent(response(200, "1 OPTIONS"), "A");
        tracker.onSent(response(200, "1 INVITEX"), "A");
        tracker.onSent("\r\n".getBytes(StandardCharsets.US_ASCII), "A");
        tracker.onSent("INFO sip:x SIP/2.0\r\nCall-ID: abc@host\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "A");
        assertThat(tracker.liveCalls()).isZero();
        tracker.onSent(response(180, "1  INVITE", "i: one@host"), "A");
        tracker.onSent(response(180, "1 INVITE", "call-id :  two@host  "), "B");
        assertThat(tracker.carriesCall("A")).isTrue();
        assertThat(tracker.carriesCall("B")).isTrue();
        tracker.onSent(bye("two@host"), "B");
        assertThat(tracker.carriesCall("B")).isFalse();
    }

    @Test
    void closingAConnectionForgetsItsCallsOnly() {
        tracker.onSent(response(200, "1 INVITE", "Call-ID: one"), "A");
        tracker.onSent(response(200, "1 INVITE", "Call-ID: two"), "A");
        tracker.onSent(response(200, "1 INVITE", "Call-ID: three"), "B");
        tracker.onClosed("A");
        assertThat(tracker.carriesCall("A")).isFalse();
        assertThat(tracker.carriesCall("B")).isTrue();
        assertThat(tracker.liveCalls()).isEqualTo(1);
    }
}
