package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.voicegather.server.media.codec.Codec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off of the playback slot between the threads that ask for playback changes and the media clock, with
 * the clock driven by hand. Each case lists what may and may not be seen:
 * <ul>
 *   <li>allowed: a change takes effect at the first tick after it was made (the tick under way when it is made
 *       keeps its packet);</li>
 *   <li>forbidden: a source read after its end was applied or reported; an end reported twice or not at all; a
 *       frame of a replaced source after the first frame of its replacement; a source touched off the clock while
 *       the clock still ticks its session.</li>
 * </ul>
 */
class RtpSessionPlaybackHandOffTest {
    private static final byte SILENCE = Codec.PCMU.silence();

    private final List<String> log = new ArrayList<>();
    private final ManualClockSession media = ManualClockSession.ignoringWhatItHears();

    /** Every packet is a constant {@code level}; records reads and ends in the shared log with the thread seen. */
    private final class Source implements AudioSource {
        final String name;
        final short level;
        int packetsLeft;
        Runnable duringRead = () -> { };
        boolean ended;
        Thread endedOn;

        Source(String name, int level, int packets) {
            this.name = name;
            this.level = (short) level;
            this.packetsLeft = packets;
        }

        byte frame() {
            return Codec.PCMU.encode(level);
        }

        @Override
        public int read(short[] pcm8k, int count) {
            synchronized (log) {
                log.add(name + (ended ? " read after end" : " read"));
            }
            duringRead.run();
            if (packetsLeft == 0) {
                return 0;
            }
            packetsLeft--;
            Arrays.fill(pcm8k, 0, count, level);
            return count;
        }

        @Override
        public void finished(boolean completed) {
            synchronized (log) {
                log.add(name + (ended ? " ended again " : " ended ") + completed);
            }
            ended = true;
            endedOn = Thread.currentThread();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        media.close();
    }

    /** Runs {@code action} on its own thread and waits for it: a caller between two ticks. */
    private static void onAnotherThread(Runnable action) throws InterruptedException {
        Thread thread = new Thread(action, "caller");
        thread.start();
        thread.join();
    }

    /** Starts the session, plays a source and runs the tick that sends its first frame. */
    private Source startedPlaying(String name, int level, int packets) throws Exception {
        media.start();
        Source source = new Source(name, level, packets);
        media.session.play(source);
        assertFrame(media.tick(), source.frame());
        return source;
    }

    private static void assertFrame(byte[] payload, byte expected) {
        assertThat(payload).hasSize(160).containsOnly(expected);
    }

    @Test
    void aStopBetweenTicksIsAppliedAtTheNextTickWhereTheSourceHearsItsEndOnce() throws Exception {
        Source a = startedPlaying("A", 1000, 100);
        assertThat(media.session.isPlaying()).isTrue();

        onAnotherThread(media.session::stopPlayback);
        assertThat(log).as("the stop is only queued: the clock still owns A").containsExactly("A read");
        assertThat(media.session.isPlaying()).isTrue();

        assertFrame(media.tick(), SILENCE);
        assertFrame(media.tick(), SILENCE);
        assertThat(log).containsExactly("A read", "A ended false");
        assertThat(a.endedOn).as("the clock thread: here, the test").isSameAs(Thread.currentThread());
        assertThat(media.session.isPlaying()).isFalse();
    }

    @Test
    void aSourceStoppedBeforeAnyTickIsNeverRead() throws Exception {
        media.start();
        Source a = new Source("A", 1000, 100);
        media.session.play(a);
        media.session.stopPlayback();
        assertThat(log).isEmpty();
        assertFrame(media.tick(), SILENCE);
        assertThat(log).containsExactly("A ended false");
    }

    @Test
    void aReplacementEndsTheOldSourceBeforeItsFirstFrame() throws Exception {
        Source a = startedPlaying("A", 1000, 100);
        Source b = new Source("B", 2000, 100);
        onAnotherThread(() -> media.session.play(b));
        assertFrame(media.tick(), b.frame());
        assertFrame(media.tick(), b.frame());
        assertThat(log).containsExactly("A read", "A ended false", "B read", "B read");
    }

    @Test
    void playTwiceBetweenTicksEndsTheFirstUnread() throws Exception {
        media.start();
        Source a = new Source("A", 1000, 100);
        Source b = new Source("B", 2000, 100);
        media.session.play(a);
        media.session.play(b);
        assertFrame(media.tick(), b.frame());
        assertThat(log).containsExactly("A ended false", "B read");
    }

    @Test
    void aStopWhileTheClockIsInsideReadKeepsThatFrameAndEndsAtTheNextTick() throws Exception {
        media.start();
        Source a = new Source("A", 1000, 100);
        a.duringRead = media.session::stopPlayback; // as a caller thread would, mid-read
        media.session.play(a);
        assertFrame(media.tick(), a.frame());
        assertThat(log).containsExactly("A read");
        assertFrame(media.tick(), SILENCE);
        assertThat(log).containsExactly("A read", "A ended false");
    }

    @Test
    void aStopAfterTheNaturalEndChangesNothing() throws Exception {
        Source a = startedPlaying("A", 1000, 1);
        assertFrame(media.tick(), SILENCE); // read returns 0: A ran out
        media.session.stopPlayback();
        assertFrame(media.tick(), SILENCE);
        assertThat(log).containsExactly("A read", "A read", "A ended true");
    }

    @Test
    void closeWhileTheClockTicksHandsTheEndToTheClock() throws Exception {
        Source a = startedPlaying("A", 1000, 100);

        onAnotherThread(media.session::close);
        assertThat(log).as("the clock may be inside A's read: the closer must not touch it").containsExactly("A read");

        assertThat(media.tick()).as("nothing is sent after close").isNull();
        assertThat(log).containsExactly("A read", "A ended false");
        assertThat(a.endedOn).as("the clock thread: here, the test").isSameAs(Thread.currentThread());
    }

    @Test
    void closeFromInsideTheTickEndsTheSourceRightAfterThatTick() throws Exception {
        media.start();
        Source a = new Source("A", 1000, 100);
        a.duringRead = media.session::close;
        media.session.play(a);
        media.tick(); // its send may fail on the closed socket: allowed
        assertThat(log).containsExactly("A read", "A ended false");
        assertThat(media.tick()).isNull();
        assertThat(log).hasSize(2);
    }

    @Test
    void closeOfASessionNoClockTicksEndsPlaybackOnTheClosingThread() throws Exception {
        Source a = new Source("A", 1000, 100); // played before start: queued, and the clock never had it
        media.session.play(a);
        onAnotherThread(media.session::close);
        assertThat(log).containsExactly("A ended false");
        assertThat(a.endedOn.getName()).isEqualTo("caller");
    }

    @Test
    void aSourcePlayedAfterCloseHearsItsEndAtOnceAndIsNeverRead() throws Exception {
        media.start();
        media.session.close();
        media.tick();
        Source b = new Source("B", 2000, 100);
        media.session.play(b);
        assertThat(log).containsExactly("B ended false");
        media.tick();
        assertThat(log).hasSize(1);
    }

    /**
     * A real race, repeated: another thread stops playback while the clock ticks. Whichever tick the stop lands
     * before, the source ends exactly once, as a stop, and is never read, nor heard, after that. Which of the
     * allowed outcomes (one to four frames of it) a round produces depends on scheduling; none is forbidden.
     */
    @Test
    void aStopRacingTheClockNeverLetsTheSourceBeReadOrHeardAfterItsEnd() throws Exception {
        media.start();
        for (int round = 0; round < 500; round++) {
            log.clear();
            Source a = new Source("A", 1000 + round, 100);
            media.session.play(a);
            assertFrame(media.tick(), a.frame());
            CountDownLatch go = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                awaitQuietly(go);
                media.session.stopPlayback();
            });
            stopper.start();
            go.countDown();
            List<byte[]> frames = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                frames.add(media.tick());
            }
            stopper.join();
            frames.add(media.tick()); // the stop is applied by now whatever the interleaving

            List<String> seen;
            synchronized (log) {
                seen = List.copyOf(log);
            }
            int reads = (int) seen.stream().filter("A read"::equals).count();
            assertThat(seen).as("round %d", round).endsWith("A ended false")
                    .filteredOn(e -> e.startsWith("A ended")).hasSize(1);
            assertThat(reads).isBetween(1, 4);
            boolean silent = false;
            for (byte[] frame : frames) {
                silent |= frame[0] == SILENCE;
                assertFrame(frame, silent ? SILENCE : a.frame());
            }
            assertThat(silent).isTrue();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
