package io.voicegather.server.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SdpNegotiatorTest {

    static String offer(String formats, String... attributes) {
        StringBuilder sb = new StringBuilder("v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\n");
        sb.append("m=audio 6000 RTP/AVP ").append(formats).append("\r\n");
        for (String a : attributes) {
            sb.append(a).append("\r\n");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}, te {3}")
    @CsvSource(delimiter = '|', value = {
            "0 8 101  | PCMU | 0  | 101 | a=rtpmap:101 telephone-event/8000",
            "8 0      | PCMA | 8  | -1  | ",
            "18 8 0   | PCMA | 8  | -1  | a=rtpmap:18 G729/8000",
            "96 0     | PCMU | 96 | -1  | a=rtpmap:96 PCMU/8000",
            "9 0 100  | PCMU | 0  | 100 | a=rtpmap:100 telephone-event/8000",
            "0 97 98  | PCMU | 0  | 98  | a=rtpmap:97 telephone-event/16000;a=rtpmap:98 telephone-event/8000",
    })
    void choosesFirstG711InOfferOrderAndEchoesTelephoneEvent(String formats, String codec, int pt, int te,
                                                             String attrs) throws Exception {
        String[] attributes = attrs == null ? new String[0] : attrs.split(";");
        SdpAnswer a = new SdpNegotiator(42).answer(offer(formats, attributes), "127.0.0.1", 40000);
        assertThat(a.codecName()).isEqualTo(codec);
        assertThat(a.payloadType()).isEqualTo(pt);
        assertThat(a.telephoneEventPayloadType()).isEqualTo(te);
        assertThat(a.remoteRtp()).isEqualTo(new InetSocketAddress("10.0.0.9", 6000));
        assertThat(a.ptimeMillis()).isEqualTo(20);
        assertThat(a.onHold()).isFalse();
        String expectedM = "m=audio 40000 RTP/AVP " + pt + (te >= 0 ? " " + te : "") + "\r\n";
        assertThat(a.sdp()).contains(expectedM).contains("a=rtpmap:" + pt + " " + codec + "/8000")
                .contains("c=IN IP4 127.0.0.1").contains("a=sendrecv");
        if (te >= 0) {
            assertThat(a.sdp()).contains("a=rtpmap:" + te + " telephone-event/8000");
        }
    }

    /** Names are never looked up: the answer would wait on DNS, and an unresolved name leaves nowhere to send. */
    @ParameterizedTest(name = "c=IN {0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "IP4 | 10.0.0.9        | 10.0.0.9",
            "IP6 | 2001:db8::1     | 2001:db8:0:0:0:0:0:1",
            "IP4 | 0.0.0.0         | 0.0.0.0",
            "IP4 | example.com     | refused",
            "IP4 | localhost       | refused",
            "IP4 | 10.0.0.256      | refused",
            "IP4 | 10.0.0          | refused",
            "IP6 | 2001:db8::1::2  | refused",
            "IP6 | fe80::1%eth0    | refused",
    })
    void theConnectionAddressMustBeAnIpAddress(String family, String address, String expected) throws Exception {
        String offer = offer("0").replace("c=IN IP4 10.0.0.9", "c=IN " + family + " " + address);
        SdpNegotiator n = new SdpNegotiator();
        if (expected.equals("refused")) {
            assertThatThrownBy(() -> n.answer(offer, "127.0.0.1", 40000)).isInstanceOf(SdpNegotiationException.class)
                    .hasMessageContaining("not an IP address");
        } else {
            assertThat(n.answer(offer, "127.0.0.1", 40000).remoteRtp().getAddress().getHostAddress())
                    .isEqualTo(expected);
        }
    }

    @Test
    void noCommonCodecIsAnException() {
        SdpNegotiator n = new SdpNegotiator();
        assertThatThrownBy(() -> n.answer(offer("18 9", "a=rtpmap:18 G729/8000"), "127.0.0.1", 40000))
                .isInstanceOf(SdpNegotiationException.class);
        assertThatThrownBy(() -> n.answer(offer("96", "a=rtpmap:96 PCMU/16000"), "127.0.0.1", 40000))
                .isInstanceOf(SdpNegotiationException.class);
        assertThatThrownBy(() -> n.answer("garbage", "127.0.0.1", 40000)).isInstanceOf(SdpNegotiationException.class);
        assertThatThrownBy(() -> n.answer(offer("0").replace("6000", "0"), "127.0.0.1", 40000))
                .isInstanceOf(SdpNegotiationException.class);
    }

    @Test
    void holdBySendonlyOrNullAddress() throws Exception {
        SdpNegotiator n = new SdpNegotiator(7);
        SdpAnswer sendonly = n.answer(offer("0", "a=sendonly"), "127.0.0.1", 40000);
        assertThat(sendonly.onHold()).isTrue();
        assertThat(sendonly.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(sendonly.sdp()).contains("a=recvonly");
        SdpAnswer nullAddr = n.answer(offer("0").replace("c=IN IP4 10.0.0.9", "c=IN IP4 0.0.0.0"), "127.0.0.1", 40000);
        assertThat(nullAddr.onHold()).isTrue();
        SdpAnswer inactive = n.answer(offer("8", "a=inactive"), "127.0.0.1", 40000);
        assertThat(inactive.direction()).isEqualTo(Direction.INACTIVE);
        SdpAnswer resume = n.answer(offer("8", "a=sendrecv", "a=ptime:30"), "127.0.0.1", 40000);
        assertThat(resume.onHold()).isFalse();
        assertThat(resume.ptimeMillis()).isEqualTo(30);
        assertThat(resume.sdp()).contains("a=ptime:30");
    }

    @Test
    void originVersionIncreasesWithEachAnswerAndSessionIdIsStable() throws Exception {
        SdpNegotiator n = new SdpNegotiator(1000);
        String first = n.answer(offer("0"), "127.0.0.1", 40000).sdp();
        String second = n.answer(offer("0"), "127.0.0.1", 40000).sdp();
        assertThat(first).contains("o=voicegather 1000 1001 IN IP4 127.0.0.1");
        assertThat(second).contains("o=voicegather 1000 1002 IN IP4 127.0.0.1");
    }

    @Test
    void mediaLevelConnectionAndOtherStreamsAreRejected() throws Exception {
        String offer = "v=0\r\no=- 1 1 IN IP4 10.0.0.9\r\ns=-\r\nc=IN IP4 10.0.0.9\r\nt=0 0\r\n"
                + "m=video 7000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
                + "m=audio 0 RTP/AVP 0\r\n"
                + "m=audio 6002 RTP/AVP 8 0\r\nc=IN IP4 10.0.0.10\r\n";
        SdpAnswer a = new SdpNegotiator(1).answer(offer, "127.0.0.1", 40000);
        assertThat(a.remoteRtp()).isEqualTo(new InetSocketAddress("10.0.0.10", 6002));
        assertThat(a.codecName()).isEqualTo("PCMA");
        assertThat(a.sdp()).contains("m=video 0 RTP/AVP 96\r\n").contains("m=audio 0 RTP/AVP 0\r\n")
                .contains("m=audio 40000 RTP/AVP 8\r\n");
        assertThat(a.sdp().indexOf("m=video")).isLessThan(a.sdp().indexOf("m=audio 40000"));
    }

    @Test
    void parserReadsAttributes() throws Exception {
        SessionDescription sd = SdpParser.parse(offer("0 101", "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-15", "a=ptime:40", "a=recvonly"));
        MediaDescription m = sd.media().get(0);
        assertThat(m.formats()).containsExactly("0", "101");
        assertThat(m.rtpmaps().get(101)).isEqualTo(new MediaDescription.RtpMap("telephone-event", 8000, 1));
        assertThat(m.fmtps().get(101)).isEqualTo("0-15");
        assertThat(m.ptime()).isEqualTo(40);
        assertThat(sd.directionFor(m)).isEqualTo(Direction.RECVONLY);
        assertThat(sd.connectionFor(m)).isEqualTo("10.0.0.9");
    }
}
