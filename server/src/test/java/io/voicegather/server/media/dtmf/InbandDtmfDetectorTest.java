package io.voicegather.server.media.dtmf;

import static io.voicegather.server.media.dtmf.DtmfTestSignal.KEYS;
import static io.voicegather.server.media.dtmf.DtmfTestSignal.columnHz;
import static io.voicegather.server.media.dtmf.DtmfTestSignal.detect;
import static io.voicegather.server.media.dtmf.DtmfTestSignal.rowHz;
import static io.voicegather.server.media.dtmf.DtmfTestSignal.samplesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.media.codec.Codec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receiver test program, written from ITU-T Q.23/Q.24 and laid out like spandsp's dtmf_rx_tests: each test
 * prints its table (digit, condition, result) and then asserts the standard's limits. Every signal goes through
 * G.711 (μ-law and A-law, the project's codec) before the detector, and is fed in 20 ms frames that do not line up
 * with the detector's blocks (a random lead-in of silence moves the alignment).
 */
class InbandDtmfDetectorTest {
    private static final int ON_50MS = samplesOf(50);
    private static final int OFF_50MS = samplesOf(50);
    private static final int TAIL = samplesOf(100);

    private static void title(Codec law, String text) {
        System.out.printf("%n=== %s [%s] ===%n", text, law == Codec.PCMU ? "mu-law" : "A-law");
    }

    private static DtmfTestSignal lead(long seed) {
        DtmfTestSignal signal = new DtmfTestSignal(seed);
        return signal.silence(signal.random().nextInt(2 * DtmfTestSignal.FRAME));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void decodeCheckAllSixteenKeys(Codec law) {
        title(law, "Decode check: 16 keys x 10, -10 dBm0 per tone, 50 ms on / 50 ms off");
        DtmfTestSignal signal = lead(1);
        for (int round = 0; round < 10; round++) {
            for (char key : KEYS.toCharArray()) {
                signal.key(key, ON_50MS).silence(OFF_50MS);
            }
        }
        String got = detect(signal.silence(TAIL).throughG711(law));
        System.out.printf("expected %s x 10, got %s%n", KEYS, got);
        assertThat(got).isEqualTo(KEYS.repeat(10));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void frequencyToleranceAcceptsOnePointFiveAndRejectsThreePointFivePercent(Codec law) {
        title(law, "Frequency tolerance: accept +-1.5 % (50 ms tones), reject +-3.5 % (200 ms tones), 5 trials each");
        System.out.println("digit  row%   col%   expect  detected/trials");
        List<String> failures = new ArrayList<>();
        double[][] accept = {{1.5, 1.5}, {1.5, -1.5}, {-1.5, 1.5}, {-1.5, -1.5}};
        double[][] reject = {{3.5, 0}, {-3.5, 0}, {0, 3.5}, {0, -3.5}, {3.5, 3.5}, {-3.5, -3.5}, {3.5, -3.5}, {-3.5, 3.5}};
        long seed = 100;
        for (char key : KEYS.toCharArray()) {
            for (double[] offset : accept) {
                int hits = 0;
                for (int trial = 0; trial < 5; trial++) {
                    DtmfTestSignal s = lead(seed++).tones(rowHz(key) * (1 + offset[0] / 100), -10,
                            columnHz(key) * (1 + offset[1] / 100), -10, ON_50MS).silence(TAIL);
                    hits += detect(s.throughG711(law)).equals(String.valueOf(key)) ? 1 : 0;
                }
                System.out.printf("  %c   %+5.1f  %+5.1f   accept  %d/5%n", key, offset[0], offset[1], hits);
                if (hits != 5) {
                    failures.add(key + " at " + offset[0] + "/" + offset[1] + "%: " + hits + "/5 detected");
                }
            }
            for (double[] offset : reject) {
                int hits = 0;
                for (int trial = 0; trial < 5; trial++) {
                    DtmfTestSignal s = lead(seed++).tones(rowHz(key) * (1 + offset[0] / 100), -10,
                            columnHz(key) * (1 + offset[1] / 100), -10, samplesOf(200)).silence(TAIL);
                    hits += detect(s.throughG711(law)).isEmpty() ? 0 : 1;
                }
                System.out.printf("  %c   %+5.1f  %+5.1f   reject  %d/5%n", key, offset[0], offset[1], hits);
                if (hits != 0) {
                    failures.add(key + " at " + offset[0] + "/" + offset[1] + "%: " + hits + "/5 detected");
                }
            }
        }
        System.out.println("failures: " + failures.size());
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void recognitionBandwidthAndCentreOffset(Codec law) {
        title(law, "Recognition bandwidth: one tone swept -4 % .. +4 % in 0.1 % steps, the other nominal, 100 ms tones");
        System.out.println("digit  tone   accepted from   to      bandwidth  centre offset");
        for (char key : "159D".toCharArray()) {
            for (int which = 0; which < 2; which++) {
                boolean[] detected = new boolean[81];
                for (int step = 0; step <= 80; step++) {
                    double factor = 1 + (step - 40) / 1000.0;
                    double row = rowHz(key) * (which == 0 ? factor : 1);
                    double column = columnHz(key) * (which == 1 ? factor : 1);
                    DtmfTestSignal s = lead(1000 + step).tones(row, -10, column, -10, samplesOf(100)).silence(TAIL);
                    detected[step] = detect(s.throughG711(law)).equals(String.valueOf(key));
                }
                int low = 40;
                while (low > 0 && detected[low - 1]) {
                    low--;
                }
                int high = 40;
                while (high < 80 && detected[high + 1]) {
                    high++;
                }
                double from = (low - 40) / 10.0;
                double to = (high - 40) / 10.0;
                System.out.printf("  %c   %4.0f Hz   %+4.1f %%   %+4.1f %%   %4.1f %%     %+4.2f %%%n", key,
                        which == 0 ? rowHz(key) : columnHz(key), from, to, to - from, (from + to) / 2);
                for (int step = 0; step <= 80; step++) {
                    double percent = Math.abs(step - 40) / 10.0;
                    if (percent <= 1.5) {
                        assertThat(detected[step]).as("%c tone %d at %+.1f %%", key, which, (step - 40) / 10.0).isTrue();
                    }
                    if (percent >= 3.5) {
                        assertThat(detected[step]).as("%c tone %d at %+.1f %%", key, which, (step - 40) / 10.0).isFalse();
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void twistAcceptsEightDbNormalAndFourDbReverse(Codec law) {
        title(law, "Twist: stronger tone at -6 dBm0, 50 ms; accept 8.0 dB normal / 4.0 dB reverse, reject 10.0 / 6.0");
        System.out.println("digit  max normal twist  max reverse twist  (measured in 0.1 dB steps)");
        List<String> failures = new ArrayList<>();
        long seed = 5000;
        for (char key : KEYS.toCharArray()) {
            double normal = maxTwist(law, key, true, seed);
            double reverse = maxTwist(law, key, false, seed + 1);
            seed += 2;
            System.out.printf("  %c       %5.1f dB           %5.1f dB%n", key, normal, reverse);
            for (int trial = 0; trial < 3; trial++) {
                if (!twisted(law, key, true, 8.0, ON_50MS, seed++).equals(String.valueOf(key))) {
                    failures.add(key + " normal 8 dB missed");
                }
                if (!twisted(law, key, false, 4.0, ON_50MS, seed++).equals(String.valueOf(key))) {
                    failures.add(key + " reverse 4 dB missed");
                }
                if (!twisted(law, key, true, 10.0, samplesOf(200), seed++).isEmpty()) {
                    failures.add(key + " normal 10 dB accepted");
                }
                if (!twisted(law, key, false, 6.0, samplesOf(200), seed++).isEmpty()) {
                    failures.add(key + " reverse 6 dB accepted");
                }
            }
        }
        System.out.println("failures: " + failures);
        assertThat(failures).isEmpty();
    }

    private static double maxTwist(Codec law, char key, boolean normal, long seed) {
        double twist = 0;
        while (twist < 20 && twisted(law, key, normal, twist + 0.1, samplesOf(100), seed).equals(String.valueOf(key))) {
            twist += 0.1;
        }
        return twist;
    }

    /** Normal twist: the column (high) tone is the stronger; reverse: the row (low) tone is. */
    private static String twisted(Codec law, char key, boolean normal, double twistDb, int count, long seed) {
        double rowLevel = normal ? -6 - twistDb : -6;
        double columnLevel = normal ? -6 : -6 - twistDb;
        return detect(lead(seed).tones(rowHz(key), rowLevel, columnHz(key), columnLevel, count).silence(TAIL)
                .throughG711(law));
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void durationDetectsFortyMillisecondsAndRejectsUnderTwentyThree(Codec law) {
        title(law, "Duration: 16 keys per run, 100 ms apart, at each of the 102 alignments against the blocks");
        System.out.println("duration   keys detected / sent");
        int[] durations = {184, 183, 176, 168, 160, 120, 80, 200, 216, 232, 240, 256, 272, 288, 304, 320, 336, 392};
        List<String> failures = new ArrayList<>();
        for (int samples : durations) {
            int detected = 0;
            int sent = 0;
            for (int alignment = 0; alignment < InbandDtmfDetector.BLOCK_SIZE; alignment++) {
                DtmfTestSignal s = new DtmfTestSignal(samples * 1000L + alignment).silence(alignment);
                for (char key : KEYS.toCharArray()) {
                    s.key(key, samples).silence(samplesOf(100));
                }
                String got = detect(s.throughG711(law));
                detected += got.length();
                sent += KEYS.length();
                if (samples >= samplesOf(40) && !got.equals(KEYS)) {
                    failures.add(samples / 8.0 + " ms at alignment " + alignment + ": " + got);
                }
                if (samples < samplesOf(23) && !got.isEmpty()) {
                    failures.add(samples / 8.0 + " ms at alignment " + alignment + ": " + got);
                }
            }
            System.out.printf("%7.3f ms   %4d / %d%n", samples / 8.0, detected, sent);
        }
        System.out.println("failures: " + failures);
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void pauseOfFortyMillisecondsSeparatesKeysAndTenMillisecondDropoutDoesNot(Codec law) {
        title(law, "Pause and interruption: 34 alignments each");
        System.out.println("signal                                   expect  runs correct");
        List<String> failures = new ArrayList<>();
        String[][] cases = {{"55", "pause"}, {"59", "pause"}, {"5", "dropout"}, {"#", "dropout"}};
        for (String[] c : cases) {
            int correct = 0;
            int runs = 0;
            for (int alignment = 0; alignment < InbandDtmfDetector.BLOCK_SIZE; alignment += 3) {
                DtmfTestSignal s = new DtmfTestSignal(alignment * 31L + c[0].hashCode()).silence(alignment);
                if (c[1].equals("pause")) {
                    s.key(c[0].charAt(0), samplesOf(40)).silence(samplesOf(40)).key(c[0].charAt(1), samplesOf(40));
                } else {
                    s.key(c[0].charAt(0), samplesOf(50)).silence(samplesOf(10)).key(c[0].charAt(0), samplesOf(50));
                }
                String got = detect(s.silence(TAIL).throughG711(law));
                runs++;
                if (got.equals(c[0])) {
                    correct++;
                } else {
                    failures.add(c[0] + " " + c[1] + " at alignment " + alignment + ": " + got);
                }
            }
            String what = c[1].equals("pause")
                    ? String.format("%c 40 ms, pause 40 ms, %c 40 ms", c[0].charAt(0), c[0].charAt(1))
                    : String.format("%c 50 ms, dropout 10 ms, %c 50 ms", c[0].charAt(0), c[0].charAt(0));
            System.out.printf("%-40s %-6s  %d/%d%n", what, c[0], correct, runs);
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void levelDetectsDownToMinusThirtySixAndRejectsBelowMinusFortyFive(Codec law) {
        title(law, "Level: 16 keys, 50 ms, per-tone level; must detect >= -36 dBm0, must reject <= -45 dBm0");
        System.out.println("level (per tone)   keys detected / 16");
        List<String> failures = new ArrayList<>();
        double[] levels = {-3, -10, -20, -30, -36, -40, -45, -50, -55};
        for (double level : levels) {
            DtmfTestSignal s = lead((long) -level);
            for (char key : KEYS.toCharArray()) {
                s.tones(rowHz(key), level, columnHz(key), level, ON_50MS).silence(OFF_50MS);
            }
            String got = detect(s.silence(TAIL).throughG711(law));
            System.out.printf("   %5.1f dBm0       %2d%n", level, got.length());
            if (level >= -36 && !got.equals(KEYS)) {
                failures.add(level + " dBm0: " + got);
            }
            if (level <= -45 && !got.isEmpty()) {
                failures.add(level + " dBm0: " + got);
            }
        }
        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void dynamicRange(Codec law) {
        title(law, "Dynamic range: key 1, per-tone level +3 .. -50 dBm0 in 1 dB steps, 10 pulses of 50 ms each");
        System.out.println("level    detected/10");
        int first = Integer.MIN_VALUE;
        int last = Integer.MIN_VALUE;
        for (int level = 3; level >= -50; level--) {
            DtmfTestSignal s = lead(level + 100);
            for (int i = 0; i < 10; i++) {
                s.tones(rowHz('1'), level, columnHz('1'), level, ON_50MS).silence(OFF_50MS);
            }
            int hits = detect(s.silence(TAIL).throughG711(law)).length();
            System.out.printf("%+4d dBm0   %2d%n", level, hits);
            if (hits == 10) {
                if (first == Integer.MIN_VALUE) {
                    first = level;
                }
                if (last == Integer.MIN_VALUE || last == level + 1) {
                    last = level;
                }
            }
        }
        System.out.printf("dynamic range: %d dB (%+d .. %+d dBm0 per tone)%n", first - last, first, last);
        assertThat(first - last).as("dynamic range in dB").isGreaterThanOrEqualTo(35);
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void noiseAtFifteenDbSignalToNoise(Codec law) {
        title(law, "Noise: 1000 random keys per row, -10 dBm0 per tone (-7 dBm0 pair), 50 ms on / 50 ms off, "
                + "white Gaussian noise; S/N = pair power / noise power");
        System.out.println("S/N     hits/1000   wrong or extra keys");
        double[] snrs = {24, 18, 15, 12, 9, 6};
        for (double snr : snrs) {
            DtmfTestSignal s = lead((long) snr * 7);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                char key = KEYS.charAt(s.random().nextInt(16));
                sent.append(key);
                s.key(key, ON_50MS).silence(OFF_50MS);
            }
            s.silence(TAIL).noise(-7 - snr);
            String got = detect(s.throughG711(law));
            int[] score = score(sent.toString(), got);
            System.out.printf("%4.0f dB   %4d        %d%n", snr, score[0], score[1]);
            if (snr >= 15) {
                assertThat(score[0]).as("hits at %s dB S/N", snr).isGreaterThanOrEqualTo(995);
                assertThat(score[1]).as("wrong or extra keys at %s dB S/N", snr).isZero();
            }
        }
    }

    /** Hits and insertions/substitutions, by edit-distance alignment of the received keys against those sent. */
    private static int[] score(String sent, String got) {
        int n = sent.length();
        int m = got.length();
        int[][] cost = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            cost[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            cost[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int match = cost[i - 1][j - 1] + (sent.charAt(i - 1) == got.charAt(j - 1) ? 0 : 1);
                cost[i][j] = Math.min(match, Math.min(cost[i - 1][j], cost[i][j - 1]) + 1);
            }
        }
        int hits = 0;
        int errors = 0;
        int i = n;
        int j = m;
        while (i > 0 && j > 0) {
            boolean same = sent.charAt(i - 1) == got.charAt(j - 1);
            if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : 1)) {
                if (same) {
                    hits++;
                } else {
                    errors++;
                }
                i--;
                j--;
            } else if (cost[i][j] == cost[i - 1][j] + 1) {
                i--;
            } else {
                errors++;
                j--;
            }
        }
        return new int[] {hits, errors + j};
    }

    @Test
    void processAllocatesNothing() {
        DtmfTestSignal s = lead(78);
        for (char key : KEYS.toCharArray()) {
            s.key(key, ON_50MS).silence(OFF_50MS);
        }
        short[] pcm = s.noise(-40).throughG711(Codec.PCMU);
        int[] keys = new int[1];
        InbandDtmfDetector detector = new InbandDtmfDetector(d -> keys[0]++);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int round = 0; round < 20; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int at = 0; at + DtmfTestSignal.FRAME <= pcm.length; at += DtmfTestSignal.FRAME) {
                detector.process(pcm, at, DtmfTestSignal.FRAME);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        assertThat(keys[0]).isEqualTo(20 * 16);
        assertThat(allocated).as("bytes allocated while processing %d frames", pcm.length / 160).isZero();
    }

    @Test
    void anySplitOfTheStreamIntoFramesGivesTheSameKeys() {
        // The block state must carry across any split of the stream, not just 160-sample frames.
        DtmfTestSignal s = lead(77);
        for (char key : KEYS.toCharArray()) {
            s.key(key, ON_50MS).silence(OFF_50MS);
        }
        short[] pcm = s.silence(TAIL).throughG711(Codec.PCMA);
        StringBuilder keys = new StringBuilder();
        InbandDtmfDetector detector = new InbandDtmfDetector(keys::append);
        int at = 0;
        int size = 1;
        while (at < pcm.length) {
            int count = Math.min(size, pcm.length - at);
            detector.process(pcm, at, count);
            at += count;
            size = size % 250 + 37;
        }
        assertThat(keys.toString()).isEqualTo(KEYS);
    }
}
