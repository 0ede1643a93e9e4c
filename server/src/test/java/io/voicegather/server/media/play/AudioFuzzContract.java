package io.voicegather.server.media.play;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the audio decoder fuzz targets assert: {@link AudioDecoder} returns audio or throws
 * {@link AudioDecodeException}, and a rejection is never our own code failing. The decoder turns any runtime
 * exception into an {@link AudioDecodeException} so that a playback fails cleanly; one that started in the MP3
 * library (JLayer) is the library's verdict on a damaged stream, one that started in our code is a bug.
 */
final class AudioFuzzContract {
    private AudioFuzzContract() {
    }

    static void decodeBothWays(byte[] input) {
        AudioDecoder decoder = new AudioDecoder(60, 5_000);
        try {
            DecodedAudio audio = decoder.decode(input);
            assertThat(audio.samples()).isNotEmpty();
            assertThat(audio.sampleRate()).isPositive();
        } catch (AudioDecodeException e) {
            assertNotOurBug(e);
        }
        try {
            assertThat(decoder.decodeTo8k(input).length()).isNotNegative();
        } catch (AudioDecodeException e) {
            assertNotOurBug(e);
        }
    }

    private static void assertNotOurBug(AudioDecodeException e) {
        assertThat(e.getMessage()).isNotBlank();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof RuntimeException || t instanceof Error) {
                StackTraceElement[] trace = t.getStackTrace();
                boolean ours = trace.length > 0 && trace[0].getClassName().startsWith("io.voicegather.");
                if (ours) {
                    throw new AssertionError("the decoder itself failed on this input", t);
                }
            }
        }
    }
}
