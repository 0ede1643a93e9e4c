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

    private static final AudioDecoder DECODER = new AudioDecoder(60, 5_000);

    /** Decoded at the file's own rate and resampled to 8 kHz, as a playback does. */
    static void decodeBothWays(byte[] input) {
        decodeAtItsOwnRate(input);
        decodeTo8k(input);
    }

    /** Decoded at the file's own rate: the format's reader and decoder, without the resampler. */
    static void decodeAtItsOwnRate(byte[] input) {
        try {
            DecodedAudio audio = DECODER.decode(input);
            assertThat(audio.samples()).isNotEmpty();
            assertThat(audio.sampleRate()).isPositive();
        } catch (AudioDecodeException e) {
            assertNotOurBug(e);
        }
    }

    private static void decodeTo8k(byte[] input) {
        try {
            assertThat(DECODER.decodeTo8k(input).length()).isNotNegative();
        } catch (AudioDecodeException e) {
            assertNotOurBug(e);
        }
    }

    private static void assertNotOurBug(AudioDecodeException e) {
        assertThat(e.getMessage()).isNotBlank();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if ((t instanceof RuntimeException || t instanceof Error) && thrownByOurCode(t)) {
                throw new AssertionError("the decoder itself failed on this input", t);
            }
        }
    }

    /** Whether the first frame outside the JDK (System.arraycopy and the like throw for their caller) is ours. */
    private static boolean thrownByOurCode(Throwable t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            String name = frame.getClassName();
            if (!name.startsWith("java.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                return name.startsWith("io.voicegather.");
            }
        }
        return false;
    }
}
