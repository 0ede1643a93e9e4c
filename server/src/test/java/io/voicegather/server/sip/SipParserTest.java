package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SipParserTest {
    static final String INVITE = "INVITE sip:1000@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport, SIP/2.0/TCP proxy.example:5070;branch=z9hG4bK0\r\n"
            + "v: SIP/2.0/UDP edge.example;branch=z9hG4bKe\r\n"
            + "f: \"Bob, the caller\" <sip:bob@10.0.0.1>;tag=abc\r\n"
            + "t: <sip:1000@127.0.0.1>\r\n"
            + "i: call-1@10.0.0.1\r\n"
            + "CSeq: 7 INVITE\r\n"
            + "m: <sip:bob@10.0.0.1:5060>\r\n"
            + "Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\n"
            + "k: timer\r\n"
            + "s: folded\r\n  subject line\r\n"
            + "c: application/sdp\r\n"
            + "l: 5\r\n"
            + "\r\n"
            + "v=0\r\nextra bytes beyond content-length";

    static SipMessage parse(String s) throws SipParseException {
        return SipParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void compactFormsMultiValueAndFolding() throws Exception {
        SipMessage m = parse(INVITE);
        assertThat(m.isRequest()).isTrue();
        assertThat(m.method()).isEqualTo("INVITE");
        assertThat(m.requestUri()).isEqualTo("sip:1000@127.0.0.1");
        assertThat(m.headerValues("Via")).containsExactly(
                "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport",
                "SIP/2.0/TCP proxy.example:5070;branch=z9hG4bK0",
                "SIP/2.0/UDP edge.example;branch=z9hG4bKe");
        assertThat(m.header("from")).isEqualTo("\"Bob, the caller\" <sip:bob@10.0.0.1>;tag=abc");
        assertThat(m.header("CALL-ID")).isEqualTo("call-1@10.0.0.1");
        assertThat(m.header("Contact")).isEqualTo("<sip:bob@10.0.0.1:5060>");
        assertThat(m.headerValues("Record-Route")).containsExactly("<sip:p1.example;lr>", "<sip:p2.example;lr>");
        assertThat(m.header("Supported")).isEqualTo("timer");
        assertThat(m.header("Subject")).isEqualTo("folded subject line");
        assertThat(m.header("Content-Type")).isEqualTo("application/sdp");
        assertThat(m.bodyText()).isEqualTo("v=0\r\n");
        assertThat(m.cseq()).isEqualTo(new SipMessage.CSeq(7, "INVITE"));
        NameAddress from = NameAddress.parse(m.header("From"));
        assertThat(from.displayName()).isEqualTo("Bob, the caller");
        assertThat(from.uri()).isEqualTo("sip:bob@10.0.0.1");
        assertThat(from.tag()).isEqualTo("abc");
        Via via = Via.parse(m.topVia());
        assertThat(via.transport()).isEqualTo("UDP");
        assertThat(via.host()).isEqualTo("10.0.0.1");
        assertThat(via.port()).isEqualTo(5060);
        assertThat(via.branch()).isEqualTo("z9hG4bK1");
        assertThat(via.hasParam("rport")).isTrue();
    }

    @Test
    void serializeRoundTrips() throws Exception {
        SipMessage m = parse(INVITE);
        SipMessage again = SipParser.parse(m.toBytes());
        assertThat(again.headerValues("Via")).isEqualTo(m.headerValues("Via"));
        assertThat(again.bodyText()).isEqualTo("v=0\r\n");
        assertThat(again.header("Content-Length")).isEqualTo("5");
    }

    @Test
    void responsesAndBareLineFeeds() throws Exception {
        SipMessage r = parse("SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\nCSeq: 1 INVITE\n\n");
        assertThat(r.isRequest()).isFalse();
        assertThat(r.statusCode()).isEqualTo(180);
        assertThat(r.reasonPhrase()).isEqualTo("Ringing");
        assertThat(r.body()).isEmpty();
        assertThat(parse("SIP/2.0 200 \r\n\r\n").reasonPhrase()).isEmpty();
    }

    @Test
    void malformedInputs() {
        for (String bad : new String[] {
                "", "\r\n\r\n", "INVITE\r\n\r\n", "INVITE sip:x SIP/3.0\r\n\r\n", "INVITE nouri SIP/2.0\r\n\r\n",
                "INV@TE sip:x SIP/2.0\r\n\r\n", "SIP/2.0 99 Low\r\n\r\n", "SIP/2.0 2000 X\r\n\r\n",
                "SIP/2.0 abc X\r\n\r\n", "INVITE sip:x SIP/2.0 extra\r\n\r\n",
                "OPTIONS sip:x SIP/2.0\r\nContent-Length: -1\r\n\r\n",
                "OPTIONS sip:x SIP/2.0\r\nContent-Length: 10\r\n\r\nshort",
                "OPTIONS sip:x SIP/2.0\r\nno colon here\r\n\r\n",
                "OPTIONS sip:x SIP/2.0\r\n: empty name\r\n\r\n",
                "OPTIONS sip:x SIP/2.0\r\nVia: x\r\n", // no blank line
        }) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(SipParseException.class);
        }
    }

    @Test
    void partialMessageIsKeptForA400() {
        String s = "OPTIONS sip:x@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nbroken line\r\n"
                + "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
        assertThatThrownBy(() -> parse(s)).isInstanceOfSatisfying(SipParseException.class, e -> {
            assertThat(e.partial()).isNotNull();
            assertThat(e.partial().callId()).isEqualTo("c");
            assertThat(e.suggestedStatus()).isEqualTo(400);
        });
    }

    @Test
    void limits() {
        StringBuilder many = new StringBuilder("OPTIONS sip:x SIP/2.0\r\n");
        for (int i = 0; i < 250; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        many.append("\r\n");
        assertThatThrownBy(() -> parse(many.toString())).isInstanceOfSatisfying(SipParseException.class,
                e -> assertThat(e.suggestedStatus()).isEqualTo(513));
        String longLine = "OPTIONS sip:x SIP/2.0\r\nX-Long: " + "a".repeat(9000) + "\r\n\r\n";
        assertThatThrownBy(() -> parse(longLine)).isInstanceOf(SipParseException.class);
        byte[] huge = new byte[SipParser.MAX_MESSAGE_BYTES + 1];
        assertThatThrownBy(() -> SipParser.parse(huge)).isInstanceOf(SipParseException.class);
    }

    @Test
    void streamFraming() throws Exception {
        byte[] two = ("OPTIONS sip:x SIP/2.0\r\nl: 3\r\n\r\nabc" + "OPTIONS sip:y SIP/2.0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        int first = SipParser.completeLength(two, 0, two.length);
        assertThat(first).isEqualTo(("OPTIONS sip:x SIP/2.0\r\nl: 3\r\n\r\nabc").length());
        assertThat(SipParser.completeLength(two, 0, first - 1)).isEqualTo(-1);
        assertThat(SipParser.completeLength(two, first, two.length - first)).isEqualTo(two.length - first);
        assertThat(SipParser.completeLength(two, 0, 10)).isEqualTo(-1);
        byte[] bad = "OPTIONS sip:x SIP/2.0\r\nContent-Length: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> SipParser.completeLength(bad, 0, bad.length)).isInstanceOf(SipParseException.class);
    }

    @Test
    void fuzzOnlyEverThrowsSipParseException() {
        byte[][] seeds = {
                INVITE.getBytes(StandardCharsets.UTF_8),
                "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h:1;branch=z9hG4bK1\r\nf: <sip:a@h>;tag=1\r\nt: <sip:b@h>;tag=2\r\n"
                        .concat("i: x\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8),
        };
        Random random = new Random(42);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds[i % seeds.length];
            byte[] b = mutate(seed, random);
            try {
                SipMessage m = SipParser.parse(b, 0, b.length);
                m.toBytes();
                m.cseq();
                Via.parse(m.topVia());
                NameAddress.parse(m.header("From"));
                parsed++;
            } catch (SipParseException expected) {
                // the only allowed failure
            }
            try {
                SipParser.completeLength(b, 0, b.length);
            } catch (SipParseException expected) {
                // fine
            }
        }
        assertThat(parsed).isGreaterThan(100); // the mutations are not all fatal
    }

    private static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        switch (r.nextInt(5)) {
            case 0 -> {
                for (int k = 0; k < 1 + r.nextInt(10); k++) {
                    b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
            case 2 -> {
                int at = r.nextInt(b.length);
                byte[] ins = {'\r', '\n', ':', ';', ',', '<', '>', '"', ' ', '='};
                b[at] = ins[r.nextInt(ins.length)];
            }
            case 3 -> {
                int from = r.nextInt(b.length);
                int to = Math.min(b.length, from + r.nextInt(40));
                byte[] cut = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, cut, 0, from);
                System.arraycopy(b, to, cut, from, b.length - to);
                b = cut;
            }
            default -> {
                b = new byte[r.nextInt(300)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    @Test
    void dtmfInfoBodies() {
        assertThat(SipDtmfInfo.parse("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"))
                .isEqualTo(new SipDtmfInfo('5', 160));
        assertThat(SipDtmfInfo.parse("Application/DTMF-Relay", "signal = 10\nduration=100"))
                .isEqualTo(new SipDtmfInfo('*', 100));
        assertThat(SipDtmfInfo.parse("application/dtmf-relay", "Signal=#")).isEqualTo(new SipDtmfInfo('#', 250));
        assertThat(SipDtmfInfo.parse("application/dtmf-relay", "Signal=d")).isEqualTo(new SipDtmfInfo('D', 250));
        assertThat(SipDtmfInfo.parse("application/dtmf-relay", "Signal=11")).isEqualTo(new SipDtmfInfo('#', 250));
        assertThat(SipDtmfInfo.parse("application/dtmf", "7")).isEqualTo(new SipDtmfInfo('7', 250));
        assertThat(SipDtmfInfo.parse("application/dtmf", "15")).isEqualTo(new SipDtmfInfo('D', 250));
        assertThat(SipDtmfInfo.parse("application/dtmf", "16")).isNull();
        assertThat(SipDtmfInfo.parse("application/dtmf-relay", "Signal=X")).isNull();
        assertThat(SipDtmfInfo.parse("text/plain", "5")).isNull();
    }

    @Test
    void sipUris() {
        assertThat(SipUri.parse("sip:alice@10.0.0.2:5070;transport=tcp"))
                .isEqualTo(new SipUri("10.0.0.2", 5070, "TCP", false));
        assertThat(SipUri.parse("<sip:p1.example;lr>")).isNull();
        assertThat(SipUri.parse("sip:p1.example;lr")).isEqualTo(new SipUri("p1.example", -1, null, true));
        assertThat(SipUri.parse("sip:[::1]:5062")).isEqualTo(new SipUri("::1", 5062, null, false));
        assertThat(SipUri.parse("tel:+1555")).isNull();
    }
}
