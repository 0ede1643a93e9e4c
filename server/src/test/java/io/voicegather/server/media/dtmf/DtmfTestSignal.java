package io.voicegather.server.media.dtmf;

import io.voicegather.api.command.DtmfKey;
import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.codec.G711;
import java.util.Arrays;
import java.util.Random;

/**
 * Builds test signals for the detector: tone pairs, silence and white noise summed in double precision, then
 * rounded, clipped and passed through G.711 (encode then decode with the project's codec), exactly as inbound RTP
 * audio reaches the detector.
 */
final class DtmfTestSignal {
    /** The keys in keypad order. */
    static final String KEYS = DtmfKey.KEYPAD;
    static final int FRAME = 160;

    private double[] samples = new double[8000];
    private int length;
    private final Random random;

    DtmfTestSignal(long seed) {
        random = new Random(seed);
    }

    static double rowHz(char key) {
        return InbandDtmfDetector.ROW_HZ[DtmfKey.keypadPosition(key) / 4];
    }

    static double columnHz(char key) {
        return InbandDtmfDetector.COLUMN_HZ[DtmfKey.keypadPosition(key) % 4];
    }

    static int samplesOf(double millis) {
        return (int) Math.round(millis * 8);
    }

    Random random() {
        return random;
    }

    int length() {
        return length;
    }

    DtmfTestSignal silence(int count) {
        grow(count);
        length += count;
        return this;
    }

    /** The key's tone pair at its nominal frequencies and -10 dBm0 per tone (a typical sender level). */
    DtmfTestSignal key(char key, int count) {
        return tones(rowHz(key), -10, columnHz(key), -10, count);
    }

    /** Two tones with random starting phases; a level of NaN leaves that tone out. */
    DtmfTestSignal tones(double hz1, double dbm01, double hz2, double dbm02, int count) {
        grow(count);
        addSine(hz1, dbm01, count);
        addSine(hz2, dbm02, count);
        length += count;
        return this;
    }

    private void addSine(double hz, double dbm0, int count) {
        if (Double.isNaN(dbm0)) {
            return;
        }
        double amplitude = DtmfLevels.sineAmplitude(dbm0);
        double phase = random.nextDouble() * 2 * Math.PI;
        double step = 2 * Math.PI * hz / InbandDtmfDetector.SAMPLE_RATE;
        for (int i = 0; i < count; i++) {
            samples[length + i] += amplitude * Math.sin(phase + step * i);
        }
    }

    /** Adds white Gaussian noise of mean power {@code dbm0} over everything written so far. */
    DtmfTestSignal noise(double dbm0) {
        double sigma = Math.sqrt(DtmfLevels.dbm0ToPower(dbm0));
        for (int i = 0; i < length; i++) {
            samples[i] += sigma * random.nextGaussian();
        }
        return this;
    }

    /** The signal as the detector sees it after a G.711 round trip. */
    short[] throughG711(Codec law) {
        short[] pcm = new short[length];
        for (int i = 0; i < length; i++) {
            pcm[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i])));
        }
        return g711(law, pcm);
    }

    static short[] g711(Codec law, short[] pcm) {
        byte[] coded = new byte[pcm.length];
        short[] out = new short[pcm.length];
        if (law == Codec.PCMU) {
            G711.linearToUlaw(pcm, 0, pcm.length, coded, 0);
            G711.ulawToLinear(coded, 0, coded.length, out, 0);
        } else {
            G711.linearToAlaw(pcm, 0, pcm.length, coded, 0);
            G711.alawToLinear(coded, 0, coded.length, out, 0);
        }
        return out;
    }

    private void grow(int count) {
        if (length + count > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, length + count));
        }
    }

    /** Runs a fresh default detector over {@code pcm} in 20 ms frames and returns the keys it reported. */
    static String detect(short[] pcm) {
        return detect(DtmfThresholds.DEFAULTS, pcm);
    }

    static String detect(DtmfThresholds thresholds, short[] pcm) {
        StringBuilder keys = new StringBuilder();
        InbandDtmfDetector detector = new InbandDtmfDetector(thresholds, keys::append);
        for (int at = 0; at < pcm.length; at += FRAME) {
            detector.process(pcm, at, Math.min(FRAME, pcm.length - at));
        }
        return keys.toString();
    }
}
