package io.voicegather.server.ai.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.media.codec.G711;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VoiceActivityDetectorTest {
    private static final int RATE = 8000;

    /** Utterance boundaries in samples. */
    record Utterance(long start, long end) {
        @Override
        public String toString() {
            return String.format("[%d ms .. %d ms]", start / 8, end / 8);
        }
    }

    /** Records events; checks that they alternate start/end and that each end matches its start. */
    static final class Recorder implements VadListener {
        final List<Utterance> utterances = new ArrayList<>();
        final List<Long> starts = new ArrayList<>();

        @Override
        public void speechStarted(long startSample) {
            assertThat(starts.size()).as("start before the previous utterance ended").isEqualTo(utterances.size());
            starts.add(startSample);
        }

        @Override
        public void speechEnded(long startSample, long endSample) {
            assertThat(starts.size()).isEqualTo(utterances.size() + 1);
            assertThat(startSample).isEqualTo(starts.get(starts.size() - 1));
            assertThat(endSample).isGreaterThan(startSample);
            utterances.add(new Utterance(startSample, endSample));
        }
    }

    static Recorder detect(VadSettings settings, short[] pcm, int chunk) {
        Recorder recorder = new Recorder();
        VoiceActivityDetector vad = new VoiceActivityDetector(settings, recorder);
        for (int at = 0; at < pcm.length; at += chunk) {
            vad.process(pcm, at, Math.min(chunk, pcm.length - at));
        }
        vad.flush();
        return recorder;
    }

    static Recorder detect(short[] pcm) {
        return detect(VadSettings.defaults(), pcm, 160);
    }

    static double[] noise(int samples, double dbfs, long seed) {
        Random random = new Random(seed);
        double rms = 32768 * Math.pow(10, dbfs / 20);
        double[] out = new double[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = random.nextGaussian() * rms;
        }
        return out;
    }

    static short[] toPcm(double[] signal) {
        short[] out = new short[signal.length];
        for (int i = 0; i < signal.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(signal[i])));
        }
        return out;
    }

    static short[] ulaw(short[] pcm) {
        byte[] coded = new byte[pcm.length];
        short[] out = new short[pcm.length];
        G711.linearToUlaw(pcm, 0, pcm.length, coded, 0);
        G711.ulawToLinear(coded, 0, coded.length, out, 0);
        return out;
    }

    @Test
    void digitalSilenceIsNeverSpeech() {
        assertThat(detect(new short[RATE * 10]).utterances).isEmpty();
    }

    @ParameterizedTest(name = "white noise at {0} dBFS")
    @ValueSource(ints = {-70, -55, -40, -30, -20, -12})
    void steadyWhiteNoiseIsNeverSpeechOnceTheFloorIsLearnt(int dbfs) {
        short[] pcm = toPcm(noise(RATE * 20, dbfs, dbfs));
        assertThat(detect(pcm).utterances).isEmpty();
        assertThat(detect(ulaw(pcm)).utterances).isEmpty();
    }

    @Test
    void aStepUpInBackgroundNoiseIsLearntWithinAboutASecond() {
        double[] signal = noise(RATE * 12, -60, 1);
        double[] loud = noise(RATE * 9, -25, 2);
        System.arraycopy(loud, 0, signal, RATE * 3, loud.length);
        Recorder recorder = detect(toPcm(signal));
        // The step itself may be heard as one short utterance, but the floor must catch up and nothing follows.
        assertThat(recorder.utterances).hasSizeLessThanOrEqualTo(1);
        for (Utterance u : recorder.utterances) {
            assertThat(u.end()).as("false utterance from the step ends soon").isLessThan(RATE * 4L + RATE / 2);
        }
    }

    static short[] toneBursts(boolean dtmf) {
        double[] signal = new double[RATE * 8];
        double amplitude = 32768 * Math.pow(10, -12 / 20.0);
        // One second of silence, three seconds of a steady tone, then ten 100 ms keys with 100 ms gaps.
        for (int n = RATE; n < RATE * 4; n++) {
            signal[n] = amplitude * Math.sin(2 * Math.PI * (dtmf ? 350 : 1000) * n / RATE)
                    + (dtmf ? amplitude * Math.sin(2 * Math.PI * 440 * n / RATE) : 0);
        }
        double[][] keys = {{697, 1209}, {770, 1336}, {852, 1477}, {941, 1336}, {697, 1633}};
        for (int k = 0; k < 10; k++) {
            double[] key = keys[k % keys.length];
            int start = RATE * 5 + k * 1600;
            for (int n = 0; n < 800; n++) {
                signal[start + n] = amplitude * (Math.sin(2 * Math.PI * key[0] * n / RATE)
                        + Math.sin(2 * Math.PI * key[1] * n / RATE));
            }
        }
        return toPcm(signal);
    }

    @ParameterizedTest(name = "dial tone pair = {0}")
    @ValueSource(booleans = {false, true})
    void steadyTonesAndDtmfKeysAreRejected(boolean dualTone) {
        short[] pcm = toneBursts(dualTone);
        assertThat(detect(pcm).utterances).as("linear").isEmpty();
        assertThat(detect(ulaw(pcm)).utterances).as("through mu-law").isEmpty();
        // Without the tone test the same signal is loud enough to be speech: the rejection is what keeps it out.
        assertThat(detect(VadSettings.defaults().withRejectTones(false), pcm, 160).utterances).isNotEmpty();
    }

    @Test
    void processAllocatesNothingPerFrame() {
        short[] pcm = toPcm(noise(RATE * 30, -30, 9));
        for (int i = 4000; i < pcm.length; i += 400) {
            pcm[i] = 20000; // clicks, so both speech and silence paths run
        }
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults(), new Recorder());
        for (int at = 0; at < RATE * 5; at += 160) {
            vad.process(pcm, at, 160);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int at = RATE * 5; at + 160 <= pcm.length; at += 160) {
            vad.process(pcm, at, 160);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertThat(allocated).as("bytes allocated over 1250 frames").isLessThan(1024);
    }

    @Test
    void flushEndsAnUtteranceInProgressAndResetForgetsIt() {
        short[] pcm = toPcm(noise(RATE, -70, 3));
        double[] loud = noise(RATE, -20, 4);
        short[] speechLike = toPcm(loud);
        Recorder recorder = new Recorder();
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults(), recorder);
        vad.process(pcm, 0, pcm.length);
        // Bursts of 100 ms on, 100 ms off: level changes every few frames, as speech does.
        for (int at = 0; at < speechLike.length; at += 1600) {
            vad.process(speechLike, at, 800);
            vad.process(pcm, 0, 800);
        }
        assertThat(vad.isSpeaking()).isTrue();
        assertThat(recorder.starts).containsExactly((long) RATE);
        vad.flush();
        assertThat(vad.isSpeaking()).isFalse();
        assertThat(recorder.utterances).hasSize(1);
        assertThat(recorder.utterances.get(0).end()).isEqualTo(RATE + 5 * 1600 - 800L);
        vad.flush();
        assertThat(recorder.utterances).hasSize(1);
        vad.reset();
        assertThat(vad.samplesProcessed()).isZero();
    }

    @Test
    void inconsistentSettingsAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> VadSettings.defaults().withEndFrames(0))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new VadSettings(6, 9, -55, 3, 30, 10, 3, 0.2, 1.5, -60, -90, true, 20))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Reported, not asserted (shared machines): the cost of one 20 ms frame. */
    @Test
    void costPerFrameIsReported() {
        short[] noise = toPcm(noise(RATE * 60, -30, 5));
        short[] tone = toPcm(new double[RATE * 60]);
        for (int n = 0; n < tone.length; n++) {
            tone[n] = (short) (n < RATE ? 0 : 8000 * Math.sin(2 * Math.PI * 1000 * n / RATE));
        }
        for (short[] pcm : new short[][] {noise, tone}) {
            VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults(), new Recorder());
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                vad.reset();
                long t0 = System.nanoTime();
                vad.process(pcm, 0, pcm.length);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("VAD: %.0f ns per 20 ms frame on %s, best of 5 runs over 60 s of audio%n",
                    best / (pcm.length / 160.0), pcm == noise ? "steady noise (no tone check)" : "a loud tone (tone check)");
            assertThat(vad.samplesProcessed()).isEqualTo(pcm.length);
        }
    }
}
