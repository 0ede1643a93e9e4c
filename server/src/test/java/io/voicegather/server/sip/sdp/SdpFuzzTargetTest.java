package io.voicegather.server.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of an SDP offer as the call sees it: {@link SdpParser#parse} and the whole
 * offer/answer of {@link SdpNegotiator}. The contract: an answer or {@link SdpNegotiationException} (the INVITE is
 * refused with 488), nothing else; an answer names PCMU or PCMA, a port in range, and its own SDP parses again.
 */
@Tag("fuzz-target")
class SdpFuzzTargetTest {
    private final SdpNegotiator negotiator = new SdpNegotiator(1);

    @FuzzTest(maxExecutions = 10000)
    @DictionaryFile(resourcePath = "sdp.dict")
    void offer(byte[] input) {
        String offer = new String(input, StandardCharsets.UTF_8);
        try {
            SdpParser.parse(offer);
        } catch (SdpNegotiationException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        SdpAnswer answer;
        try {
            answer = negotiator.answer(offer, "127.0.0.1", 20_000);
        } catch (SdpNegotiationException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(answer.codecName()).isIn("PCMU", "PCMA");
        assertThat(answer.remoteRtp().getPort()).isBetween(1, 65_535);
        assertThat(answer.ptimeMillis()).isBetween(1, 1000);
        try {
            assertThat(SdpParser.parse(answer.sdp()).media()).isNotEmpty();
        } catch (SdpNegotiationException e) {
            throw new AssertionError("our own answer does not parse: " + answer.sdp(), e);
        }
    }
}
