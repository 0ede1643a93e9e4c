package io.voicegather.server.media.play;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of WAV decoding through {@link AudioDecoder}, to the file's rate and to 8 kHz:
 * the format sniffing, the RIFF chunk walk, every sample format, the mix-down, and the resampling to 8 kHz from any
 * rate a header names (the only audio target that resamples; see {@link Mp3DecoderFuzzTargetTest}).
 * The contract is {@link AudioFuzzContract}'s: audio, or {@link AudioDecodeException} that is not our own failure.
 */
@Tag("fuzz-target")
class WavDecoderFuzzTargetTest {
    @FuzzTest(maxExecutions = 20000)
    @DictionaryFile(resourcePath = "wav.dict")
    void wav(byte[] input) {
        AudioFuzzContract.decodeBothWays(input);
    }
}
