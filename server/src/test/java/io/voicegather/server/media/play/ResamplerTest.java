package io.voicegather.server.media.play;

import static io.voicegather.server.media.play.Signals.db;
import static io.voicegather.server.media.play.Signals.level;
import static io.voicegather.server.media.play.Signals.tone;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {
    private static final double AMPLITUDE = 16000;

    @ParameterizedTest
    @ValueSource(ints = {16000, 44100, 48000, 191999, 767999})
    void sixKilohertzToneIsRemovedNotFoldedTo2k(int rate) {
        short[] out = Resampler.to8k(tone(6000, rate, 1.0, AMPLITUDE), rate);
        // A 6 kHz tone sampled at 8 kHz would alias to 2 kHz: measure there and across the band.
        double worst = 0;
        for (int hz = 100; hz < 4000; hz += 50) {
            worst = Math.max(worst, level(out, 400, out.length - 400, hz, 8000));
        }
        double rms = rms(out, 400, out.length - 400);
        System.out.printf("6 kHz at %d Hz -> 8 kHz: alias %.1f dB, residual RMS %.1f dB below the tone%n",
                rate, db(level(out, 400, out.length - 400, 2000, 8000) / AMPLITUDE), db(rms * Math.sqrt(2) / AMPLITUDE));
        assertThat(db(worst / AMPLITUDE)).isLessThanOrEqualTo(-50);
        assertThat(db(rms * Math.sqrt(2) / AMPLITUDE)).isLessThanOrEqualTo(-50);
    }

    @Test
    void theJdkConverterAsAContrastFoldsTheToneBackIntoTheBand() throws Exception {
        short[] in = tone(6000, 44100, 1.0, AMPLITUDE);
        ByteBuffer bytes = ByteBuffer.allocate(in.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : in) {
            bytes.putShort(s);
        }
        AudioFormat source = new AudioFormat(44100, 16, 1, true, false);
        AudioFormat target = new AudioFormat(8000, 16, 1, true, false);
        short[] jdk;
        try (AudioInputStream converted = AudioSystem.getAudioInputStream(target,
                new AudioInputStream(new ByteArrayInputStream(bytes.array()), source, in.length))) {
            byte[] b = converted.readAllBytes();
            jdk = new short[b.length / 2];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(jdk);
        } catch (IllegalArgumentException unsupported) {
            System.out.println("JDK has no 44.1 kHz -> 8 kHz converter here: " + unsupported.getMessage());
            return;
        }
        double jdkAlias = db(level(jdk, 400, jdk.length - 400, 2000, 8000) / AMPLITUDE);
        short[] ours = Resampler.to8k(in, 44100);
        double ourAlias = db(level(ours, 400, ours.length - 400, 2000, 8000) / AMPLITUDE);
        System.out.printf("6 kHz tone, 44.1 kHz -> 8 kHz, level at the 2 kHz alias: JDK %.1f dB, ours %.1f dB%n",
                jdkAlias, ourAlias);
        assertThat(ourAlias).isLessThan(jdkAlias - 30);
    }

    @ParameterizedTest
    @ValueSource(ints = {6000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 96000, 191999, 767999})
    void oneKilohertzPassesAtItsLevelAndFrequency(int rate) {
        short[] out = Resampler.to8k(tone(1000, rate, 1.0, AMPLITUDE), rate);
        double gain = db(level(out, 400, out.length - 400, 1000, 8000) / AMPLITUDE);
        double hz = Signals.frequency(out, 400, out.length - 400, 8000);
        assertThat(gain).isBetween(-0.5, 0.5);
        assertThat(hz).isBetween(999.0, 1001.0);
        // A 3.4 kHz tone (top of the telephone band) still passes nearly untouched.
        short[] top = Resampler.to8k(tone(Math.min(3400, rate * 0.4), rate, 1.0, AMPLITUDE), rate);
        assertThat(db(level(top, 400, top.length - 400, Math.min(3400, rate * 0.4), 8000) / AMPLITUDE))
                .isBetween(-1.0, 0.5);
    }

    /**
     * Found by fuzzing the WAV decoder: a header naming an odd rate near the top of the range (767,999 Hz) built a
     * 31 MB table, seconds of work. The table is bounded; the tests above show the quality holds at such rates.
     */
    @ParameterizedTest
    @ValueSource(ints = {1000, 8000, 44100, 44056, 96000, 191999, 352800, 705600, 767999, 768000})
    void theFilterTableIsBoundedWhateverTheRate(int rate) {
        assertThat(new Resampler(rate).tableEntries()).isLessThanOrEqualTo(1 << 19);
    }

    /**
     * The filter depends only on the rate, so streams share it: a 44.1 kHz prompt used to compute its 35,964
     * coefficients (about 10 ms) before its first sample, every time; now the second one computes none.
     */
    @Test
    void streamsAtOneRateShareOneFilter() {
        short[] in = noise(new Random(1), 44100);
        Resampler first = new Resampler(44100);
        short[] once = Resampler.to8k(in, 44100);
        int built = first.entriesBuilt();
        assertThat(built).isPositive();
        assertThat(Resampler.to8k(in, 44100)).isEqualTo(once);
        assertThat(new Resampler(44100).sharesFilterWith(first)).isTrue();
        assertThat(first.entriesBuilt()).isEqualTo(built);
    }

    /**
     * A short file at a rate no standard file has computes only the rows of the table its outputs use: a header
     * naming such a rate used to cost the whole table (up to 2^19 coefficients, about 90 ms) for a file of a few bytes.
     */
    @ParameterizedTest
    @ValueSource(ints = {44_099, 191_993, 767_993})
    void aShortInputAtAnOddRateComputesOnlyTheRowsItsOutputsUse(int rate) {
        short[] in = noise(new Random(rate), 100);
        Resampler resampler = new Resampler(rate);
        assertThat(resampler.entriesBuilt()).isZero();
        short[] out = Resampler.to8k(in, rate);
        assertThat(resampler.entriesBuilt()).isPositive()
                .isLessThanOrEqualTo(out.length * resampler.taps())
                .isLessThan(resampler.tableEntries() / 10);
    }

    @Test
    void theFilterCacheKeepsOnlyTheMostRecentlyUsedRates() {
        Resampler kept = new Resampler(23_003);
        Resampler dropped = new Resampler(23_001);
        for (int i = 1; i < Resampler.CACHED_RATES; i++) {
            new Resampler(23_001 + 4 * i);
            assertThat(new Resampler(23_003).sharesFilterWith(kept)).isTrue(); // used again, so kept
        }
        assertThat(new Resampler(23_001).sharesFilterWith(dropped)).isFalse();
    }

    @Test
    void streamsOnSeveralThreadsBuildingOneFilterGetTheSameOutput() throws Exception {
        int rate = 37_717;
        short[] in = noise(new Random(rate), rate / 2); // an odd rate no other test uses: its table starts empty
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<short[]>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> Resampler.to8k(in, rate)));
            }
            short[] afterwards = Resampler.to8k(in, rate);
            for (Future<short[]> result : results) {
                assertThat(result.get()).isEqualTo(afterwards);
            }
            assertThat(afterwards).hasSize((int) Math.ceil(in.length * 8000.0 / rate));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {6000, 8000, 11025, 16000, 22050, 44100, 48000, 44056})
    void outputLengthFollowsTheRateRatio(int rate) {
        for (int n : new int[] {1, 7, 1000, rate, rate * 3 + 17}) {
            short[] out = Resampler.to8k(new short[n], rate);
            assertThat(out.length).as("%d samples at %d Hz", n, rate)
                    .isEqualTo((int) Math.ceil(n * 8000.0 / rate));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {6000, 11025, 22050, 44100, 48000})
    void streamingInChunksEqualsOneShot(int rate) {
        Random random = new Random(rate);
        short[] in = noise(random, rate * 2);
        short[] oneShot = Resampler.to8k(in, rate);

        Resampler r = new Resampler(rate);
        short[] out = new short[oneShot.length + 16];
        int n = 0;
        int at = 0;
        while (at < in.length) {
            int chunk = Math.min(in.length - at, 1 + random.nextInt(3000));
            short[] part = new short[r.maxOutput(chunk)];
            int got = r.process(in, at, chunk, part, 0);
            System.arraycopy(part, 0, out, n, got);
            n += got;
            at += chunk;
        }
        short[] tail = new short[r.maxOutput(r.taps()) + 8];
        int got = r.flush(tail, 0);
        System.arraycopy(tail, 0, out, n, got);
        n += got;
        assertThat(Arrays.copyOf(out, n)).isEqualTo(oneShot);
    }

    private static short[] noise(Random random, int samples) {
        short[] in = new short[samples];
        for (int i = 0; i < in.length; i++) {
            in[i] = (short) (random.nextGaussian() * 6000);
        }
        return in;
    }

    private static double rms(short[] s, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) s[i] * s[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
