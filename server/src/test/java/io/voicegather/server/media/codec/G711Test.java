package io.voicegather.server.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our tables against the JDK's own μ-law/A-law converters, used as an independent oracle. */
class G711Test {
    private static final AudioFormat PCM16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000, 16, 1, 2, 8000, false);

    private static AudioFormat.Encoding encodingOf(Codec codec) {
        return codec == Codec.PCMU ? AudioFormat.Encoding.ULAW : AudioFormat.Encoding.ALAW;
    }

    private static AudioFormat g711Format(Codec codec) {
        return new AudioFormat(encodingOf(codec), 8000, 8, 1, 1, 8000, false);
    }

    private static byte[] convert(byte[] data, AudioFormat from, AudioFormat to) throws IOException {
        try (AudioInputStream source = new AudioInputStream(new ByteArrayInputStream(data), from,
                data.length / from.getFrameSize());
             AudioInputStream converted = AudioSystem.getAudioInputStream(to, source)) {
            return converted.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void decodesAll256CodesLikeTheJdk(Codec codec) throws IOException {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        byte[] pcm = convert(codes, g711Format(codec), PCM16);
        assertThat(pcm).hasSize(512);
        for (int i = 0; i < 256; i++) {
            short expected = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
            assertThat(codec.decode((byte) i)).as("code 0x%02x", i).isEqualTo(expected);
        }
    }

    private static byte[] jdkEncodeAllLinearValues(Codec codec) throws IOException {
        byte[] pcm = new byte[65536 * 2];
        for (int i = 0; i < 65536; i++) {
            short sample = (short) (i - 32768);
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
        }
        byte[] encoded = convert(pcm, PCM16, g711Format(codec));
        assertThat(encoded).hasSize(65536);
        return encoded;
    }

    private static byte jdk(byte[] jdkTable, int linear) {
        return jdkTable[linear + 32768];
    }

    /**
     * μ-law: identical to the JDK over the whole unclipped range. Past ±32635 the JDK's 16-bit arithmetic overflows
     * and wraps to small codes, so there we require the standard's clipping to the extreme codes instead.
     */
    @Test
    void ulawEncodesLikeTheJdkAndClipsAtTheTop() throws IOException {
        byte[] jdkTable = jdkEncodeAllLinearValues(Codec.PCMU);
        for (int v = -32635; v <= 32635; v++) {
            assertThat(Codec.PCMU.encode((short) v)).as("linear %d", v).isEqualTo(jdk(jdkTable, v));
        }
        for (int v = 32636; v <= 32767; v++) {
            assertThat(Codec.PCMU.encode((short) v)).isEqualTo((byte) 0x80);
            assertThat(Codec.PCMU.encode((short) -v)).isEqualTo((byte) 0x00);
        }
        assertThat(Codec.PCMU.encode(Short.MIN_VALUE)).isEqualTo((byte) 0x00);
    }

    /**
     * A-law: identical to the JDK for all non-negative values. For negative values the JDK folds -x to x - 8 where
     * G.711 (and the reference g711.c) folds it to x - 1, which moves each negative decision boundary by 7 units;
     * so negatives are checked against the JDK at the shifted point and against the A-law sign symmetry.
     */
    @Test
    void alawEncodesLikeTheJdk() throws IOException {
        byte[] jdkTable = jdkEncodeAllLinearValues(Codec.PCMA);
        for (int v = 0; v <= 32767; v++) {
            assertThat(Codec.PCMA.encode((short) v)).as("linear %d", v).isEqualTo(jdk(jdkTable, v));
        }
        for (int v = -32761; v < 0; v++) {
            assertThat(Codec.PCMA.encode((short) v)).as("linear %d", v).isEqualTo(jdk(jdkTable, v - 7));
        }
        for (int v = 0; v <= 32767; v++) {
            byte positive = Codec.PCMA.encode((short) v);
            assertThat(Codec.PCMA.encode((short) (-v - 1))).as("linear %d", -v - 1).isEqualTo((byte) (positive ^ 0x80));
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void bulkEncodeAndDecodeMatchTheSingleSampleForms(Codec codec) {
        short[] samples = new short[65536];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i - 32768);
        }
        byte[] codes = new byte[samples.length + 3];
        codec.encode(samples, 0, samples.length, codes, 3);
        for (int i = 0; i < samples.length; i++) {
            assertThat(codes[i + 3]).isEqualTo(codec.encode(samples[i]));
        }
        short[] decoded = new short[samples.length];
        if (codec == Codec.PCMU) {
            G711.ulawToLinear(codes, 3, samples.length, decoded, 0);
        } else {
            G711.alawToLinear(codes, 3, samples.length, decoded, 0);
        }
        for (int i = 0; i < samples.length; i++) {
            assertThat(decoded[i]).isEqualTo(codec.decode(codes[i + 3]));
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void silenceByteDecodesToNearZeroAndIsWhatZeroEncodesTo(Codec codec) {
        assertThat(codec.encode((short) 0)).isEqualTo(codec.silence());
        assertThat(Math.abs(codec.decode(codec.silence()))).isLessThanOrEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void roundTripIsMonotonicAndWithinTheQuantisationStep(Codec codec) {
        int previous = Integer.MIN_VALUE;
        for (int v = -32768; v <= 32767; v += 7) {
            int decoded = codec.decode(codec.encode((short) v));
            assertThat(decoded).isGreaterThanOrEqualTo(previous);
            previous = decoded;
            // The largest G.711 step is 1024 (μ-law) / 1024 (A-law) in the top segment.
            assertThat(Math.abs(decoded - v)).as("linear %d", v).isLessThanOrEqualTo(1100);
        }
    }
}
