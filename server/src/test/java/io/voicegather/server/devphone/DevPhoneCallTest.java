package io.voicegather.server.devphone;

import io.voicegather.server.sip.SipMessage;
import io.voicegather.server.sip.SipParser;
import io.voicegather.server.sip.sdp.SdpParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev phone's side of a SIP dialog (RFC 3261 UAC), message by message. */
class DevPhoneCallTest {
    private final DevPhoneCall call = new DevPhoneCall("dev-phone", "+15550100", "127.0.0.1", 40000,
            "127.0.0.1:5060");

    @Test
    void theInviteCallsTheNumberAsTheCallerIdOfferingPcmuAndTelephoneEvents() throws Exception {
        SipMessage invite = SipParser.parse(call.invite("127.0.0.1", 30000));
        assertThat(invite.method()).isEqualTo("INVITE");
        assertThat(invite.requestUri()).isEqualTo("sip:+15550100@127.0.0.1:5060");
        assertThat(invite.header("From")).startsWith("<sip:dev-phone@127.0.0.1:40000>;tag=");
        assertThat(invite.header("To")).isEqualTo("<sip:+15550100@127.0.0.1:5060>");
        assertThat(invite.callId()).isEqualTo(call.callId);
        assertThat(invite.cseq()).isEqualTo(new SipMessage.CSeq(1, "INVITE"));
        assertThat(invite.topVia()).startsWith("SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bK");
        assertThat(invite.header("Contact")).isEqualTo("<sip:dev-phone@127.0.0.1:40000>");
        assertThat(SdpParser.parse(invite.bodyText()).audioAddress()).hasToString("/127.0.0.1:30000");
        assertThat(invite.bodyText()).contains("m=audio 30000 RTP/AVP 0 101", "a=rtpmap:101 telephone-event/8000");
    }

    @Test
    void theCancelIsTheInvitesTransaction() throws Exception {
        SipMessage invite = SipParser.parse(call.invite("127.0.0.1", 30000));
        SipMessage cancel = SipParser.parse(call.cancel());
        assertThat(cancel.method()).isEqualTo("CANCEL");
        assertThat(cancel.requestUri()).isEqualTo(invite.requestUri());
        assertThat(cancel.topVia()).isEqualTo(invite.topVia());
        assertThat(cancel.cseq()).isEqualTo(new SipMessage.CSeq(1, "CANCEL"));
        assertThat(cancel.header("To")).isEqualTo(invite.header("To"));
    }

    @Test
    void afterThe200TheAckAndByeFollowTheDialogsTargetAndRoute() throws Exception {
        SipMessage invite = SipParser.parse(call.invite("127.0.0.1", 30000));
        SipMessage ok = SipMessage.response(200, "OK").addHeader("Via", invite.topVia())
                .addHeader("From", invite.header("From")).addHeader("To", invite.header("To") + ";tag=srv")
                .addHeader("Call-ID", call.callId).addHeader("CSeq", "1 INVITE")
                .addHeader("Record-Route", "<sip:proxy1;lr>").addHeader("Record-Route", "<sip:proxy2;lr>")
                .addHeader("Contact", "<sip:call-1@127.0.0.1:5060>");
        call.established(SipParser.parse(ok.toBytes()));

        SipMessage ack = SipParser.parse(call.ack);
        assertThat(ack.method()).isEqualTo("ACK");
        assertThat(ack.requestUri()).isEqualTo("sip:call-1@127.0.0.1:5060");
        assertThat(ack.header("To")).endsWith(";tag=srv");
        assertThat(ack.cseq()).isEqualTo(new SipMessage.CSeq(1, "ACK"));
        assertThat(ack.headerValues("Route")).as("the Record-Route reversed")
                .containsExactly("<sip:proxy2;lr>", "<sip:proxy1;lr>");

        SipMessage bye = SipParser.parse(call.bye());
        assertThat(bye.requestUri()).isEqualTo("sip:call-1@127.0.0.1:5060");
        assertThat(bye.cseq()).isEqualTo(new SipMessage.CSeq(2, "BYE"));
        assertThat(bye.header("To")).endsWith(";tag=srv");
        assertThat(bye.topVia()).as("a new transaction").isNotEqualTo(invite.topVia()).isNotEqualTo(ack.topVia());
    }

    @Test
    void theServersByeIsAnsweredInItsTransaction() throws Exception {
        SipMessage bye = SipMessage.request("BYE", "sip:dev-phone@127.0.0.1:40000")
                .addHeader("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKsrv").addHeader("From", "<sip:x>;tag=srv")
                .addHeader("To", "<sip:dev-phone@127.0.0.1>;tag=me").addHeader("Call-ID", call.callId)
                .addHeader("CSeq", "7 BYE");
        SipMessage answer = SipParser.parse(DevPhoneCall.answer(SipParser.parse(bye.toBytes()), 200, "OK"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.topVia()).isEqualTo("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKsrv");
        assertThat(answer.cseq()).isEqualTo(new SipMessage.CSeq(7, "BYE"));
        assertThat(answer.callId()).isEqualTo(call.callId);
    }

    @Test
    void anIpv6AddressIsBracketedInUrisAndIp6InTheSdp() throws Exception {
        DevPhoneCall v6 = new DevPhoneCall("me", "100", "::1", 40000, DevPhoneCall.uriHost("::1") + ":5060");
        SipMessage invite = SipParser.parse(v6.invite("::1", 30000));
        assertThat(invite.requestUri()).isEqualTo("sip:100@[::1]:5060");
        assertThat(invite.topVia()).startsWith("SIP/2.0/UDP [::1]:40000;");
        assertThat(invite.bodyText()).contains("c=IN IP6 ::1");
    }
}
