package io.voicegather.server.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.voicegather.api.command.DtmfKey;
import io.voicegather.server.media.codec.G711;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of the in-band DTMF detector's input: the bytes as G.711 μ-law and A-law
 * payloads decoded the way the session decodes them, and as raw 16-bit little-endian samples, each fed in chunks of
 * every size from 1 to 160 samples. The contract: the detector never throws, reports only keys, holds a key or
 * none, and reports no more keys than the input has room for (one per two 102-sample blocks at the least).
 */
@Tag("fuzz-target")
class InbandDtmfFuzzTargetTest {
    @FuzzTest(maxExecutions = 5000)
    void samples(byte[] input) {
        short[] ulaw = new short[input.length];
        G711.ulawToLinear(input, 0, input.length, ulaw, 0);
        short[] alaw = new short[input.length];
        G711.alawToLinear(input, 0, input.length, alaw, 0);
        short[] linear = new short[input.length / 2];
        for (int i = 0; i < linear.length; i++) {
            linear[i] = (short) ((input[2 * i] & 0xFF) | (input[2 * i + 1] << 8));
        }
        int chunk = input.length == 0 ? 160 : 1 + (input[0] & 0xFF) % 160;
        for (short[] pcm : new short[][]{ulaw, alaw, linear}) {
            detect(pcm, chunk);
        }
    }

    private static void detect(short[] pcm, int chunk) {
        StringBuilder digits = new StringBuilder();
        InbandDtmfDetector detector = new InbandDtmfDetector(digits::append);
        for (int at = 0; at < pcm.length; at += chunk) {
            detector.process(pcm, at, Math.min(chunk, pcm.length - at));
            char held = detector.heldDigit();
            assertThat(held == 0 || DtmfKey.isKey(held)).as("held %s", (int) held).isTrue();
        }
        for (int i = 0; i < digits.length(); i++) {
            assertThat(DtmfKey.isKey(digits.charAt(i))).as("reported %s", (int) digits.charAt(i)).isTrue();
        }
        assertThat(digits.length()).isLessThanOrEqualTo(pcm.length / (2 * InbandDtmfDetector.BLOCK_SIZE));
    }
}
