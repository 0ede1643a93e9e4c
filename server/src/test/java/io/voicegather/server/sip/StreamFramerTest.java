package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The per-connection framer: the rules of SipParser.completeLength, with work linear in the bytes received. */
class StreamFramerTest {
    final StreamFramer framer = new StreamFramer();

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A message of about {@code headerBytes} of header lines and {@code bodyBytes} of body. */
    static String bigMessage(int headerBytes, int bodyBytes) {
        StringBuilder sb = new StringBuilder("OPTIONS sip:1000@127.0.0.1 SIP/2.0\r\n");
        for (int i = 0; sb.length() < headerBytes; i++) {
            sb.append("X-Filler-").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        return sb.append("Content-Length: ").append(bodyBytes).append("\r\n\r\n").append("b".repeat(bodyBytes))
                .toString();
    }

    @Test
    void aLargeMessageFedOneByteAtATimeIsInspectedAboutOncePerByte() throws Exception {
        byte[] m = ascii(bigMessage(40_000, 20_000));
        assertThat(m.length).isBetween(60_000, SipParser.MAX_MESSAGE_BYTES);
        for (int end = 1; end < m.length; end++) {
            assertThat(framer.completeLength(m, 0, end)).isEqualTo(-1);
        }
        assertThat(framer.completeLength(m, 0, m.length)).isEqualTo(m.length);
        // A rescan from the start on every byte would be about m.length^2 / 2 (some 1.8 billion) looks.
        assertThat(framer.inspectedBytes()).isLessThanOrEqualTo(3L * m.length);
    }

    @Test
    void thePlaceIsKeptWhenTheBufferIsCompactedUnderTheMessage() throws Exception {
        byte[] first = ascii("OPTIONS sip:x SIP/2.0\r\nContent-Length: 2\r\n\r\nhi");
        byte[] second = ascii("OPTIONS sip:y SIP/2.0\r\nl: 0\r\n\r\n");
        byte[] buf = new byte[first.length + second.length];
        System.arraycopy(first, 0, buf, 0, first.length);
        System.arraycopy(second, 0, buf, first.length, second.length);
        int partial = first.length + 10;
        assertThat(framer.completeLength(buf, 0, partial)).isEqualTo(first.length);
        framer.reset();
        assertThat(framer.completeLength(buf, first.length, partial)).isEqualTo(-1);
        // the transport moves the unfinished message to the front of its buffer, then more bytes arrive
        System.arraycopy(buf, first.length, buf, 0, second.length);
        assertThat(framer.completeLength(buf, 0, second.length - 1)).isEqualTo(-1);
        assertThat(framer.completeLength(buf, 0, second.length)).isEqualTo(second.length);
    }

    @Test
    void bareLineFeedsCompactAndOddlyCasedNamesAndTheLastContentLengthCount() throws Exception {
        byte[] lf = ascii("OPTIONS sip:x SIP/2.0\nl : 3\n\nabcNEXT");
        assertThat(new StreamFramer().completeLength(lf, 0, lf.length)).isEqualTo(lf.length - 4);
        byte[] mixed = ascii("OPTIONS sip:x SIP/2.0\r\ncontent-LENGTH:\t1 \r\n\n!");
        assertThat(new StreamFramer().completeLength(mixed, 0, mixed.length)).isEqualTo(mixed.length);
        byte[] twice = ascii("OPTIONS sip:x SIP/2.0\r\nContent-Length: 9\r\nL: 1\r\n\r\n!");
        assertThat(new StreamFramer().completeLength(twice, 0, twice.length)).isEqualTo(twice.length);
        byte[] none = ascii("OPTIONS sip:x SIP/2.0\r\nX-Content-Length: 5\r\n\r\nrest");
        assertThat(new StreamFramer().completeLength(none, 0, none.length)).as("no Content-Length: no body")
                .isEqualTo(none.length - 4);
    }

    @Test
    void limitsAndBadLengthsAreErrors() {
        byte[] bad = ascii("OPTIONS sip:x SIP/2.0\r\nContent-Length: 1x\r\n\r\n");
        assertThatThrownBy(() -> new StreamFramer().completeLength(bad, 0, bad.length))
                .isInstanceOf(SipParseException.class);
        byte[] tooLong = ascii("OPTIONS sip:x SIP/2.0\r\nContent-Length: 1234567890\r\n\r\n");
        assertThatThrownBy(() -> new StreamFramer().completeLength(tooLong, 0, tooLong.length))
                .isInstanceOf(SipParseException.class);
        byte[] bigBody = ascii("OPTIONS sip:x SIP/2.0\r\nContent-Length: " + SipParser.MAX_MESSAGE_BYTES + "\r\n\r\n");
        assertThatThrownBy(() -> new StreamFramer().completeLength(bigBody, 0, bigBody.length))
                .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.suggestedStatus()).isEqualTo(513));

        byte[] endless = new byte[SipParser.MAX_MESSAGE_BYTES + 2];
        java.util.Arrays.fill(endless, (byte) 'a');
        StreamFramer trickle = new StreamFramer();
        for (int end = 1; end <= SipParser.MAX_MESSAGE_BYTES; end += 1000) {
            try {
                assertThat(trickle.completeLength(endless, 0, end)).isEqualTo(-1);
            } catch (SipParseException e) {
                throw new AssertionError(e);
            }
        }
        assertThatThrownBy(() -> trickle.completeLength(endless, 0, endless.length))
                .isInstanceOfSatisfying(SipParseException.class, e -> assertThat(e.suggestedStatus()).isEqualTo(513));
    }
}
