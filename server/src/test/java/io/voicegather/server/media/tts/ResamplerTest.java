package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

    static short[] tone(double hz, int rate, double seconds, double amplitude) {
        short[] pcm = new short[(int) (rate * seconds)];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return pcm;
    }

    /** Power of {@code hz} in the middle of a signal (Goertzel), as dB relative to a full-scale sine. */
    static double levelAt(short[] pcm, double hz, int rate) {
        int from = pcm.length / 4;
        int n = pcm.length / 2;
        double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + n; i++) {
            double s = pcm[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        double amplitude = 2 * Math.sqrt(power) / n;
        return 20 * Math.log10(amplitude / 32768 + 1e-12);
    }

    @ParameterizedTest
    @ValueSource(ints = {16000, 22050, 24000, 44100, 48000})
    void passbandToneKeepsItsLevel(int rate) {
        short[] out = Resampler.to8k(tone(1000, rate, 1.0, 16000), rate);
        assertThat(out.length).isEqualTo(8000);
        assertThat(levelAt(out, 1000, 8000)).isBetween(20 * Math.log10(16000 / 32768.0) - 0.5,
                20 * Math.log10(16000 / 32768.0) + 0.5);
    }

    @ParameterizedTest
    @ValueSource(ints = {16000, 22050, 24000, 44100, 48000})
    void toneAboveFourKilohertzDoesNotFoldBack(int rate) {
        // 6 kHz would alias to 2 kHz at 8 kHz without a low-pass filter
        short[] out = Resampler.to8k(tone(6000, rate, 1.0, 16000), rate);
        double folded = levelAt(out, 8000 - 6000, 8000);
        assertThat(folded).isLessThan(20 * Math.log10(16000 / 32768.0) - 60);
    }

    @ParameterizedTest
    @ValueSource(ints = {8000})
    void eightKilohertzIsCopiedUnchanged(int rate) {
        short[] in = tone(1000, rate, 0.1, 10000);
        assertThat(Resampler.to8k(in, rate)).isEqualTo(in).isNotSameAs(in);
    }
}
