package io.voicegather.server.media.play;

import static io.voicegather.server.media.play.Signals.db;
import static io.voicegather.server.media.play.Signals.level;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed MP3 fixtures (see the README beside them): one second of a -6 dBFS 1 kHz tone each. */
class Mp3DecoderTest {
    private static final double PEAK = 16422; // -6 dBFS
    private final AudioDecoder decoder = new AudioDecoder(600, 3_000);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, rate, samples per frame, LAME tag (so trimmed to the exact length)
        "mpeg2-16k-32k-joint.mp3, 16000, 576, false",
        "mpeg2-22k-64k-mono-lame-tag.mp3, 22050, 576, true",
        "mpeg1-44k-32k-stereo.mp3, 44100, 1152, false",
        "mpeg2-24k-64k-mono-no-tag.mp3, 24000, 576, false"})
    void decodesEachFixtureToTheRightRateLengthAndTone(String file, int rate, int frameSamples, boolean lameTag)
            throws Exception {
        DecodedAudio audio = decoder.decode(AudioDecoderTest.resource(file));

        assertThat(audio.sampleRate()).isEqualTo(rate);
        short[] s = audio.samples();
        if (lameTag) {
            assertThat(s).hasSize(rate);
        } else {
            // Untrimmed: whole frames covering the encoder delay (576), the decoder delay (529) and the audio.
            assertThat(s.length % frameSamples).isZero();
            assertThat(s.length).isBetween(rate + 1105, rate + 1105 + frameSamples);
        }
        int edge = rate / 10;
        assertThat(db(level(s, edge, s.length - edge, 1000, rate) / PEAK)).isBetween(-1.0, 1.0);
        if (lameTag) {
            assertThat(lagInSamples(s, edge, s.length - edge, rate)).isBetween(-0.5, 0.5);
        }
        PcmAudio narrow = decoder.decodeTo8k(AudioDecoderTest.resource(file));
        assertThat(narrow.length()).isEqualTo((int) Math.ceil(s.length * 8000.0 / rate));
    }

    @Test
    void id3TaggedStereoAndMonoFixturesAreTrimmedToTheirExactLength() throws Exception {
        assertThat(decoder.decode(AudioDecoderTest.resource("tone-1k-44k-stereo-id3.mp3")).samples()).hasSize(22050);
        assertThat(decoder.decode(AudioDecoderTest.resource("tone-1k-48k-mono.mp3")).samples()).hasSize(24000);
    }

    @Test
    void aDecodeThatOverrunsItsDeadlineFailsAndItsWorkerStops() throws Exception {
        byte[] mp3 = AudioDecoderTest.resource("mpeg2-22k-64k-mono-lame-tag.mp3");
        AtomicReference<Thread> worker = new AtomicReference<>();
        MonoSink slow = new MonoSink() {
            @Override
            public void start(int sampleRate) {
                worker.set(Thread.currentThread());
            }

            @Override
            public void accept(short[] chunk, int count) {
                // 40 frames at 50 ms each: far past the deadline. Parking ignores the interrupt (it only returns
                // early), so what ends the worker is the decoder's own check between frames.
                LockSupport.parkNanos(50_000_000);
            }
        };
        long start = System.nanoTime();
        assertThatThrownBy(() -> Mp3Decoder.decode(mp3, slow, 200)).isInstanceOf(AudioDecodeException.class)
                .hasMessageContaining("did not finish within 200 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.get().isAlive());
    }

    /** Delay of the decoded tone against a sine starting at sample 0, from its phase (valid within half a period). */
    private static double lagInSamples(short[] s, int from, int to, int rate) {
        double w = 2 * Math.PI * 1000 / rate;
        double in = 0;
        double quad = 0;
        for (int i = from; i < to; i++) {
            in += s[i] * Math.sin(w * i);
            quad += s[i] * Math.cos(w * i);
        }
        return -Math.atan2(quad, in) / w;
    }
}
