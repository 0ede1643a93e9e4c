package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of what the stack does with a datagram or a TCP stream before any transaction:
 * the message parser, the stream framer, and the header readers the UAS core calls on every request. The contract:
 * the parser returns a message or throws {@link SipParseException} with a 400 or 513 for the reply, reached by one of
 * its own checks, never by its defensive net for unexpected runtime exceptions; the header readers return a value
 * or null. Replayed in the suite from {@code SipParserFuzzTargetTestInputs/}; fuzzed by {@code bench/fuzz/run-all.sh}.
 */
@Tag("fuzz-target")
class SipParserFuzzTargetTest {
    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "sip.dict")
    void sipMessage(byte[] input) {
        checkFramer(input);
        SipMessage message;
        try {
            message = SipParser.parse(input);
        } catch (SipParseException e) {
            assertThat(e.getMessage()).as("rejected only by the parser's own checks").doesNotStartWith("unparseable");
            assertThat(e.suggestedStatus()).isIn(400, 513);
            if (e.partial() != null) {
                readHeaders(e.partial());
            }
            return;
        }
        readHeaders(message);
        byte[] again = message.toBytes();
        assertThat(again.length).isPositive();
    }

    /** The readers the UAS core applies to every request; each returns a value or null, whatever the text. */
    private static void readHeaders(SipMessage m) {
        for (String via : m.headerValues("Via")) {
            Via.parse(via);
        }
        for (String name : new String[]{"From", "To", "Contact", "Record-Route", "Route"}) {
            for (String value : m.headerValues(name)) {
                NameAddress a = NameAddress.parse(value);
                if (a != null) {
                    a.tag();
                    SipUri.parse(a.uri());
                }
            }
        }
        m.cseq();
        m.callId();
        if (m.isRequest()) {
            SipUri.parse(m.requestUri());
        }
        SipDtmfInfo.parse(m.header("Content-Type"), m.bodyText());
    }

    /** A TCP connection frames the same bytes first: a length, -1 for "more", or a 513/400 parse exception. */
    private static void checkFramer(byte[] input) {
        int start = 0;
        while (start < input.length && (input[start] == '\r' || input[start] == '\n')) {
            start++; // the connection skips keep-alive CRLFs before a message
        }
        try {
            int length = new StreamFramer().completeLength(input, start, input.length);
            assertThat(length).isBetween(-1, input.length - start);
        } catch (SipParseException e) {
            assertThat(e.suggestedStatus()).isIn(400, 513);
        }
    }
}
