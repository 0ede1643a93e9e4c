package io.voicegather.server.media.play;

import static io.voicegather.server.media.play.Signals.db;
import static io.voicegather.server.media.play.Signals.level;
import static io.voicegather.server.media.play.Signals.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AudioDecoderTest {
    private static final double AMPLITUDE = 12000;
    private final AudioDecoder decoder = new AudioDecoder(600, 3_000);

    @ParameterizedTest(name = "format {0}, {1} bits, {2} ch, {3} Hz, extensible {4}")
    @CsvSource({
        "1, 8, 1, 8000, false", "1, 16, 1, 16000, false", "1, 24, 2, 44100, false", "1, 32, 1, 48000, false",
        "3, 32, 1, 22050, false", "6, 8, 1, 8000, false", "7, 8, 2, 8000, false", "1, 16, 2, 11025, true",
        "1, 24, 1, 96000, true", "3, 32, 6, 48000, true", "7, 8, 1, 8000, true", "1, 16, 1, 6000, false"})
    void readsEveryWavLayoutAsMonoAtItsOwnRate(int format, int bits, int channels, int rate, boolean extensible)
            throws Exception {
        short[] tone = tone(1000, rate, 0.25, AMPLITUDE);
        short[][] layout = new short[channels][];
        for (int c = 0; c < channels; c++) {
            layout[c] = c == 0 ? tone : new short[tone.length]; // tone on the first channel, silence elsewhere
        }
        byte[] data = Signals.samples(layout, format, bits);
        byte[] wav = Signals.wav(Signals.fmtChunk(format, channels, rate, bits, extensible),
                Signals.dataChunk(data, data.length));

        DecodedAudio audio = decoder.decode(wav);

        assertThat(audio.sampleRate()).isEqualTo(rate);
        assertThat(audio.samples()).hasSize(tone.length);
        double expected = AMPLITUDE / channels; // mixed down by averaging
        assertThat(db(level(audio.samples(), 0, tone.length, 1000, rate) / expected)).isBetween(-0.5, 0.5);
        PcmAudio narrow = decoder.decodeTo8k(wav);
        assertThat(narrow.length()).isEqualTo((int) Math.ceil(tone.length * 8000.0 / rate));
    }

    @Test
    void walksPastListAndFactChunksWithOddSizesAndPadding() throws Exception {
        short[] tone = tone(1000, 8000, 0.1, AMPLITUDE);
        byte[] data = Signals.samples(new short[][] {tone}, 1, 16);
        byte[] list = new Signals.Bytes().ascii("LIST").u32(5).ascii("INFOx").raw(new byte[] {0}).bytes();
        byte[] fact = new Signals.Bytes().ascii("fact").u32(4).u32(tone.length).bytes();
        byte[] wav = Signals.wav(list, Signals.fmtChunk(1, 1, 8000, 16, false), fact,
                Signals.dataChunk(data, data.length), new Signals.Bytes().ascii("id3 ").u32(3).ascii("abc\0").bytes());
        assertThat(decoder.decode(wav).samples()).containsExactly(tone);
    }

    @Test
    void unknownDataLengthMeansToTheEndOfTheFile() throws Exception {
        short[] tone = tone(1000, 8000, 0.1, AMPLITUDE);
        byte[] data = Signals.samples(new short[][] {tone}, 1, 16);
        for (long declared : new long[] {0, 0xFFFFFFFFL, data.length * 10L}) {
            byte[] wav = Signals.wav(Signals.fmtChunk(1, 1, 8000, 16, false), Signals.dataChunk(data, declared));
            assertThat(decoder.decode(wav).samples()).as("declared %d", declared).containsExactly(tone);
        }
    }

    @Test
    void decodesMp3WithId3TagStereoMixedDown() throws Exception {
        DecodedAudio audio = decoder.decode(resource("tone-1k-44k-stereo-id3.mp3"));
        assertThat(audio.sampleRate()).isEqualTo(44100);
        assertThat(audio.durationSeconds()).isBetween(0.45, 0.65);
        short[] s = audio.samples();
        // -6 dBFS tone: about 16400 peak. MP3 is lossy, so allow a decibel.
        assertThat(db(level(s, 4000, s.length - 4000, 1000, 44100) / 16400)).isBetween(-1.0, 1.0);

        PcmAudio narrow = decoder.decodeTo8k(resource("tone-1k-48k-mono.mp3"));
        assertThat(narrow.durationMillis()).isBetween(450L, 650L);
        short[] n = narrow.toArray();
        assertThat(db(level(n, 800, n.length - 800, 1000, 8000) / 16400)).isBetween(-1.0, 1.0);
    }

    @Test
    void refusesWhatItCannotPlayWithAClearMessage() {
        byte[] adpcm = Signals.wav(Signals.fmtChunk(2, 1, 8000, 4, false), Signals.dataChunk(new byte[100], 100));
        assertThatThrownBy(() -> decoder.decode(adpcm)).isInstanceOf(AudioDecodeException.class)
                .hasMessageContaining("ADPCM");
        assertThatThrownBy(() -> decoder.decode("<html>not found</html>".getBytes()))
                .isInstanceOf(AudioDecodeException.class).hasMessageContaining("unrecognised");
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(AudioDecodeException.class);
        byte[] noData = Signals.wav(Signals.fmtChunk(1, 1, 8000, 16, false));
        assertThatThrownBy(() -> decoder.decode(noData)).hasMessageContaining("no data");
        byte[] mpeg25 = {(byte) 0xFF, (byte) 0xE2, (byte) 0x90, 0, 1, 2, 3, 4};
        assertThatThrownBy(() -> decoder.decode(mpeg25)).isInstanceOf(AudioDecodeException.class)
                .hasMessageContaining("MPEG-2.5");
        AudioDecoder shortLimit = new AudioDecoder(1, 3_000);
        byte[] long2s = Signals.simpleWav(new short[][] {new short[16000]}, 1, 16, 8000);
        assertThatThrownBy(() -> shortLimit.decode(long2s)).hasMessageContaining("longer than");
    }

    @Test
    void truncatedAndMutatedFilesDecodeOrFailCleanly() throws Exception {
        short[] tone = tone(1000, 22050, 0.2, AMPLITUDE);
        byte[] wav = Signals.wav(Signals.fmtChunk(1, 2, 22050, 16, true),
                Signals.dataChunk(Signals.samples(new short[][] {tone, tone}, 1, 16), tone.length * 4L));
        byte[] mp3 = resource("tone-1k-48k-mono.mp3");
        Random random = new Random(42);
        int failures = 0;
        for (byte[] original : new byte[][] {wav, mp3}) {
            int cases = original == mp3 ? 60 : 400;
            for (int i = 0; i < cases; i++) {
                byte[] sample = i % 2 == 0
                        ? Arrays.copyOf(original, random.nextInt(original.length))
                        : mutate(original, random);
                try {
                    decoder.decode(sample);
                    decoder.decodeTo8k(sample);
                } catch (AudioDecodeException expected) {
                    failures++;
                }
            }
        }
        System.out.println("fuzz: " + failures + " of 920 decodes refused with AudioDecodeException");
        assertThat(failures).isPositive();
    }

    /**
     * Every committed input of the two audio fuzz targets (seeds and regression cases) through the whole path, to the
     * file's rate and to 8 kHz, under the targets' contract: the MP3 target fuzzes only the first way.
     */
    @ParameterizedTest
    @ValueSource(strings = {"WavDecoderFuzzTargetTestInputs/wav", "Mp3DecoderFuzzTargetTestInputs/mp3"})
    void theFuzzTargetsCommittedInputsDecodeBothWaysWithinTheContract(String folder) throws Exception {
        Path dir = Path.of(AudioDecoderTest.class.getResource(folder).toURI());
        List<Path> inputs;
        try (Stream<Path> files = Files.list(dir)) {
            inputs = files.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(inputs).isNotEmpty();
        for (Path input : inputs) {
            AudioFuzzContract.decodeBothWays(Files.readAllBytes(input));
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] copy = original.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
            // Bias towards the headers, where damage changes control flow.
            int at = random.nextInt(4) == 0 ? random.nextInt(copy.length) : random.nextInt(Math.min(copy.length, 80));
            copy[at] = (byte) random.nextInt(256);
        }
        return copy;
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = AudioDecoderTest.class.getResourceAsStream("/audio/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
