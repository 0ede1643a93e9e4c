package io.voicegather.server.media.play;

import static io.voicegather.server.media.play.Signals.db;
import static io.voicegather.server.media.play.Signals.level;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
        // 40 frames at 50 ms each: far past the deadline. Parking ignores the interrupt (it only returns early), so
        // what ends the worker is the decoder's own check between frames.
        MonoSink slow = sinkNotingItsThread(worker, 50_000_000);
        long start = System.nanoTime();
        assertThatThrownBy(() -> Mp3Decoder.decode(mp3, slow, 200)).isInstanceOf(AudioDecodeException.class)
                .hasMessageContaining("did not finish within 200 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.get().isAlive());
    }

    @Test
    void consecutiveDecodesRunOnOneWorkerThreadAndAnOverrunOnesIsNotReused() throws Exception {
        byte[] mp3 = AudioDecoderTest.resource("mpeg2-22k-64k-mono-lame-tag.mp3");
        Thread first = decodeAndGetWorker(mp3);
        assertThat(decodeAndGetWorker(mp3)).isSameAs(first);
        assertThat(first.getName()).isEqualTo("mp3-decode");
        assertThat(first.isAlive()).isTrue();

        AtomicReference<Thread> overrun = new AtomicReference<>();
        assertThatThrownBy(() -> Mp3Decoder.decode(mp3, sinkNotingItsThread(overrun, 50_000_000), 200))
                .hasMessageContaining("did not finish");
        assertThat(overrun.get()).isSameAs(first);
        assertThat(decodeAndGetWorker(mp3)).isNotSameAs(first);
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive());
    }

    @Test
    void workersBeyondTheIdleBoundEndOnceTheirDecodeIsDone() throws Exception {
        byte[] mp3 = AudioDecoderTest.resource("mpeg2-22k-64k-mono-lame-tag.mp3");
        int decodes = Mp3Decoder.MAX_IDLE_WORKERS + 2;
        CountDownLatch allStarted = new CountDownLatch(decodes);
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        ExecutorService callers = Executors.newFixedThreadPool(decodes);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < decodes; i++) {
                done.add(callers.submit(() -> {
                    Mp3Decoder.decode(mp3, new MonoSink() {
                        @Override
                        public void start(int sampleRate) throws AudioDecodeException {
                            workers.add(Thread.currentThread());
                            allStarted.countDown();
                            try {
                                allStarted.await(); // all at once, so each on a worker of its own
                            } catch (InterruptedException e) {
                                throw new AudioDecodeException("interrupted", e);
                            }
                        }

                        @Override
                        public void accept(short[] chunk, int count) {
                        }
                    }, 5_000);
                    return null;
                }));
            }
            for (Future<?> decode : done) {
                decode.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(workers).hasSize(decodes);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> workers.stream().filter(Thread::isAlive).count() == Mp3Decoder.MAX_IDLE_WORKERS);
    }

    private static Thread decodeAndGetWorker(byte[] mp3) throws AudioDecodeException {
        AtomicReference<Thread> worker = new AtomicReference<>();
        Mp3Decoder.decode(mp3, sinkNotingItsThread(worker, 0), 5_000);
        return worker.get();
    }

    /** Notes the thread the decode runs on, and parks that long for each chunk. */
    private static MonoSink sinkNotingItsThread(AtomicReference<Thread> worker, long parkNanosPerChunk) {
        return new MonoSink() {
            @Override
            public void start(int sampleRate) {
                worker.set(Thread.currentThread());
            }

            @Override
            public void accept(short[] chunk, int count) {
                if (parkNanosPerChunk > 0) {
                    LockSupport.parkNanos(parkNanosPerChunk);
                }
            }
        };
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
