package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FreeTtsEngineTest {

    private static FreeTtsEngine engine;

    @BeforeAll
    static void start() {
        engine = new FreeTtsEngine(2);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static short[] say(String text) throws TtsException {
        return engine.render(TtsRequest.of(text, VoiceCatalog.resolve("male", null)));
    }

    /** RMS level in dBFS of each 20 ms frame. */
    static double[] frameLevels(short[] pcm) {
        double[] levels = new double[pcm.length / 160];
        for (int f = 0; f < levels.length; f++) {
            double sum = 0;
            for (int i = f * 160; i < f * 160 + 160; i++) {
                sum += (double) pcm[i] * pcm[i];
            }
            levels[f] = 10 * Math.log10(sum / 160 + 1e-9) - 20 * Math.log10(32768);
        }
        return levels;
    }

    @Test
    void pressOneForSalesIsSpeechOfPlausibleLengthAndLevel() throws Exception {
        short[] pcm = say("Press one for sales.");
        double seconds = pcm.length / 8000.0;
        assertThat(seconds).isBetween(1.0, 3.0);
        assertThat(Pcm.activeRmsDbfs(pcm)).isBetween(-21.0, -16.0);
        // speech has loud syllables and quieter transitions between them (a tone or steady noise would be flat)
        double[] levels = frameLevels(pcm);
        double[] sorted = levels.clone();
        java.util.Arrays.sort(sorted);
        double loud = sorted[(int) (sorted.length * 0.9)];
        double quiet = sorted[(int) (sorted.length * 0.1)];
        assertThat(loud - quiet).isGreaterThan(15.0);
        // and several syllables: the envelope rises above the midpoint again and again
        double mid = (loud + quiet) / 2;
        int rises = 0;
        for (int f = 1; f < levels.length; f++) {
            if (levels[f - 1] < mid && levels[f] >= mid) {
                rises++;
            }
        }
        assertThat(rises).isBetween(3, 20);
        int peak = 0;
        for (short s : pcm) {
            peak = Math.max(peak, Math.abs(s));
        }
        assertThat(peak).isLessThan(32767);
        TestWav.write(Path.of("target", "tts", "press-one-for-sales.wav"), pcm);
    }

    @Test
    void breaksAddTheirSilence() throws Exception {
        VoiceChoice voice = VoiceCatalog.resolve("male", null);
        short[] plain = engine.render(new TtsRequest(Ssml.parseSsml("<speak>Hello. Goodbye.</speak>"), voice, null,
                1.0));
        List<SpeechSegment> withBreak = Ssml.parseSsml("<speak>Hello.<break time=\"2s\"/>Goodbye.</speak>");
        short[] paused = engine.render(new TtsRequest(withBreak, voice, null, 1.0));
        short[] hello = say("Hello.");
        short[] goodbye = say("Goodbye.");
        // the pieces are trimmed of FreeTTS's own edge silence, so the break is exactly what separates them
        assertThat(paused.length).isEqualTo(hello.length + 16000 + goodbye.length);
        int longestSilence = longestRunBelow(paused, Pcm.SILENCE_THRESHOLD);
        assertThat(longestSilence).isBetween(16000, 16000 + 2 * 80 + 800);
        assertThat(longestRunBelow(plain, Pcm.SILENCE_THRESHOLD)).isLessThan(8000);
    }

    @Test
    void leadingAndTrailingBreaksAreKept() throws Exception {
        VoiceChoice voice = VoiceCatalog.resolve("male", null);
        short[] pcm = engine.render(new TtsRequest(
                Ssml.parseSsml("<speak><break time=\"500ms\"/>Yes<break time=\"300ms\"/></speak>"), voice, null, 1));
        short[] yes = say("Yes");
        assertThat(pcm.length).isEqualTo(4000 + yes.length + 2400);
    }

    @Test
    void fasterRateIsShorterAndFemaleIsHigherPitched() throws Exception {
        String text = "Please enter your account number, followed by the pound key.";
        short[] normal = engine.render(TtsRequest.of(text, VoiceCatalog.resolve("male", null)));
        short[] fast = engine.render(new TtsRequest(Ssml.plainText(text), VoiceCatalog.resolve("male", null), null,
                1.5));
        assertThat((double) fast.length).isLessThan(normal.length * 0.8);
        short[] female = engine.render(TtsRequest.of(text, VoiceCatalog.resolve("female", null)));
        assertThat(zeroCrossingRate(female)).isGreaterThan(zeroCrossingRate(normal));
        TestWav.write(Path.of("target", "tts", "account-number-male.wav"), normal);
        TestWav.write(Path.of("target", "tts", "account-number-female.wav"), female);
        TestWav.write(Path.of("target", "tts", "account-number-fast.wav"), fast);
    }

    @Test
    void concurrentRendersGiveTheSameAudioAsSequentialOnes() throws Exception {
        String[] texts = {"Press one for sales.", "Press two for support.", "Please hold.", "Goodbye."};
        List<short[]> expected = new ArrayList<>();
        for (String t : texts) {
            expected.add(say(t));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<short[]>> futures = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String t : texts) {
                    futures.add(pool.submit(() -> say(t)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(expected.get(i % texts.length));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oddTextDoesNotBreakTheVoice() throws Exception {
        for (String text : new String[] {"...", "☺", "café & <b> 日本語", "#*#", "1,234,567.89 $5 50% 3:45pm"}) {
            assertThat(say(text)).as(text).isNotNull();
        }
        assertThat(say("Still speaking.").length).isGreaterThan(4000);
    }

    @Test
    void nothingToSayIsEmpty() throws Exception {
        assertThat(engine.render(new TtsRequest(List.of(), VoiceChoice.defaultVoice(), null, 1))).isEmpty();
    }

    static int longestRunBelow(short[] pcm, int threshold) {
        int best = 0;
        int run = 0;
        for (short s : pcm) {
            run = Math.abs(s) < threshold ? run + 1 : 0;
            best = Math.max(best, run);
        }
        return best;
    }

    /** Zero crossings per second, counted on the voiced part only: a rough pitch-and-brightness proxy. */
    static double zeroCrossingRate(short[] pcm) {
        int crossings = 0;
        for (int i = 1; i < pcm.length; i++) {
            if ((pcm[i - 1] < 0) != (pcm[i] < 0) && Math.abs(pcm[i] - pcm[i - 1]) > 200) {
                crossings++;
            }
        }
        return crossings / (pcm.length / 8000.0);
    }
}
