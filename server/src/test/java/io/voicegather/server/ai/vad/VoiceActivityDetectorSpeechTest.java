package io.voicegather.server.ai.vad;

import static io.voicegather.server.ai.vad.VoiceActivityDetectorTest.detect;
import static io.voicegather.server.ai.vad.VoiceActivityDetectorTest.noise;
import static io.voicegather.server.ai.vad.VoiceActivityDetectorTest.toPcm;
import static io.voicegather.server.ai.vad.VoiceActivityDetectorTest.ulaw;
import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.ai.vad.VoiceActivityDetectorTest.Utterance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * espeak-ng speech with known silences between utterances: the detector must find each utterance, once, with its
 * boundaries close to where the speech really starts and stops (measured on the clean clip:
 * first and last 10 ms window above -50 dBFS, about 40 dB under its loudest).
 */
class VoiceActivityDetectorSpeechTest {
    private static final int RATE = 8000;
    private static final String[][] UTTERANCES = {
        {"en", "my date of birth is the fifth of march nineteen ninety"},
        {"en-us+f3", "yes"},
        {"en", "four five six seven eight"},
        {"en-us", "I would like to book a table for two people tonight"},
        {"en+f2", "no"},
        {"en-us+m3", "three point five"},
    };
    /** Silence before each utterance, ms; each longer than the 600 ms end hangover. */
    private static final int[] GAPS_MS = {1000, 1500, 800, 1200, 900, 1000};
    private static final int TAIL_MS = 1500;

    /** The assembled signal and where speech really is in it. */
    record Scene(double[] signal, List<Utterance> truth, double speechPower) {
    }

    static Scene scene(double gainDb) throws Exception {
        List<short[]> clips = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < UTTERANCES.length; i++) {
            short[] clip = SpeechClips.speak(UTTERANCES[i][0], UTTERANCES[i][1]);
            clips.add(clip);
            total += GAPS_MS[i] * 8 + clip.length;
        }
        double[] signal = new double[total + TAIL_MS * 8];
        List<Utterance> truth = new ArrayList<>();
        double gain = Math.pow(10, gainDb / 20);
        double power = 0;
        long counted = 0;
        int at = 0;
        for (int i = 0; i < clips.size(); i++) {
            at += GAPS_MS[i] * 8;
            short[] clip = clips.get(i);
            int first = -1;
            int last = -1;
            for (int w = 0; w + 80 <= clip.length; w += 80) {
                double sum = 0;
                for (int n = w; n < w + 80; n++) {
                    sum += (double) clip[n] * clip[n];
                }
                if (10 * Math.log10(sum / 80 / (32768.0 * 32768.0) + 1e-12) > -50) {
                    first = first < 0 ? w : first;
                    last = w + 80;
                }
            }
            for (int n = 0; n < clip.length; n++) {
                signal[at + n] = clip[n] * gain;
            }
            for (int n = first; n < last; n++) {
                power += signal[at + n] * signal[at + n];
                counted++;
            }
            truth.add(new Utterance(at + first, at + last));
            at += clip.length;
        }
        return new Scene(signal, truth, power / counted);
    }

    static void assertFound(List<Utterance> found, List<Utterance> truth, int startEarlyMs, int startLateMs,
            int endEarlyMs, int endLateMs) {
        System.out.println("truth " + truth);
        System.out.println("found " + found);
        assertThat(found).as("one utterance per spoken phrase").hasSameSizeAs(truth);
        for (int i = 0; i < truth.size(); i++) {
            long startError = (found.get(i).start() - truth.get(i).start()) / 8;
            long endError = (found.get(i).end() - truth.get(i).end()) / 8;
            assertThat(startError).as("start error (ms) of utterance %d", i).isBetween((long) -startEarlyMs, (long) startLateMs);
            assertThat(endError).as("end error (ms) of utterance %d", i).isBetween((long) -endEarlyMs, (long) endLateMs);
        }
    }

    @ParameterizedTest(name = "speech level {0} dB from -3 dBFS peak")
    @ValueSource(ints = {0, -20})
    void cleanSpeechIsCutIntoItsUtterances(int gainDb) throws Exception {
        Scene scene = scene(gainDb);
        short[] pcm = toPcm(scene.signal());
        assertFound(detect(pcm).utterances, scene.truth(), 100, 100, 150, 150);
        assertFound(detect(ulaw(pcm)).utterances, scene.truth(), 100, 100, 150, 150);
    }

    @Test
    void speechOverNoiseAt15DbSnrIsCutIntoItsUtterances() throws Exception {
        Scene scene = scene(0);
        double speechDb = 10 * Math.log10(scene.speechPower() / (32768.0 * 32768.0));
        double[] mixed = noise(scene.signal().length, speechDb - 15, 42);
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] += scene.signal()[i];
        }
        short[] pcm = toPcm(mixed);
        System.out.printf("speech %.1f dBFS, noise %.1f dBFS%n", speechDb, speechDb - 15);
        assertFound(detect(pcm).utterances, scene.truth(), 60, 200, 300, 60);
        assertFound(detect(ulaw(pcm)).utterances, scene.truth(), 60, 200, 300, 60);
    }

    @Test
    void chunkSizeDoesNotChangeTheResult() throws Exception {
        short[] pcm = toPcm(scene(0).signal());
        List<Utterance> reference = detect(pcm).utterances;
        for (int chunk : new int[] {1, 37, 240, 4000}) {
            assertThat(detect(VadSettings.defaults(), pcm, chunk).utterances).as("chunk %d", chunk).isEqualTo(reference);
        }
    }

    @Test
    void aPauseShorterThanTheEndHangoverDoesNotSplitAnUtterance() throws Exception {
        Scene scene = scene(0);
        short[] pcm = toPcm(scene.signal());
        // With a 2 s end hangover every gap (all under 2 s) is bridged: one utterance from the first word to the last.
        List<Utterance> merged = detect(VadSettings.defaults().withEndFrames(100), pcm, 160).utterances;
        System.out.println("2 s hangover: " + merged);
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).start()).isEqualTo(detect(pcm).utterances.get(0).start());
    }
}
