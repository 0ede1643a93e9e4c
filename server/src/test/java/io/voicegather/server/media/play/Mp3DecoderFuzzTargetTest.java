package io.voicegather.server.media.play;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of MP3 decoding through {@link AudioDecoder#decode}, at the file's own rate: the
 * ID3 skip, the frame header check, the LAME tag reader, the JLayer decode on its worker thread with its deadline,
 * the gapless trim and the mix-down. The contract is {@link AudioFuzzContract}'s.
 *
 * <p>Resampling to 8 kHz is left to the WAV target, which reaches it at any rate a header can name (the six MP3 rates
 * among them): resampling the thousands of samples an MP3 of a few frames holds, in instrumented code, took about 95%
 * of this target's time. The full path of the committed inputs, both ways, is
 * {@link AudioDecoderTest#theFuzzTargetsCommittedInputsDecodeBothWaysWithinTheContract}.
 * Seeded with the committed test MP3s (see the inputs directory).
 */
@Tag("fuzz-target")
class Mp3DecoderFuzzTargetTest {
    @FuzzTest(maxExecutions = 3000)
    void mp3(byte[] input) {
        AudioFuzzContract.decodeAtItsOwnRate(input);
    }
}
