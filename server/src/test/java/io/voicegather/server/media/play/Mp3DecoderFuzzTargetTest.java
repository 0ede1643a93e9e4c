package io.voicegather.server.media.play;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of MP3 decoding through {@link AudioDecoder}: the ID3 skip, the frame header
 * check, the LAME tag reader, the JLayer decode with its deadline, and the resampling to 8 kHz (the native-rate
 * collector is the WAV target's). The contract is {@link AudioFuzzContract}'s.
 * Seeded with the committed test MP3s (see the inputs directory).
 */
@Tag("fuzz-target")
class Mp3DecoderFuzzTargetTest {
    @FuzzTest(maxExecutions = 300)
    void mp3(byte[] input) {
        AudioFuzzContract.decodeTo8k(input);
    }
}
