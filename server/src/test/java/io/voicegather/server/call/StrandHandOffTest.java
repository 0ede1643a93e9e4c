package io.voicegather.server.call;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-offs of {@link Strand}, each stepped through deterministically rather than hoped for under load: a task
 * that arrives in the instant the strand has found its queue empty but still counts as scheduled, and a long queue
 * that is drained in turns with never two turns of one strand at once.
 */
class StrandHandOffTest {
    /** A queue that, once armed, stops the strand's thread right after a poll that found it empty. */
    private static final class StoppingQueue extends ConcurrentLinkedQueue<Runnable> {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch foundEmpty = new CountDownLatch(1);
        final CountDownLatch goOn = new CountDownLatch(1);

        @Override
        public Runnable poll() {
            Runnable task = super.poll();
            if (task == null && armed.compareAndSet(true, false)) {
                foundEmpty.countDown();
                try {
                    goOn.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return task;
        }
    }

    @Test
    void aTaskAddedAfterTheLastPollFoundTheQueueEmptyStillRuns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            StoppingQueue queue = new StoppingQueue();
            Strand strand = new Strand(pool, queue);
            queue.armed.set(true);
            strand.execute(() -> { });
            assertThat(queue.foundEmpty.await(30, TimeUnit.SECONDS)).as("the strand found its queue empty").isTrue();

            // the strand's thread is stopped between its empty poll and giving up its turn: this task's
            // scheduling attempt fails, so only the strand's own second look can run it
            CountDownLatch ran = new CountDownLatch(1);
            strand.execute(ran::countDown);
            queue.goOn.countDown();
            assertThat(ran.await(30, TimeUnit.SECONDS)).as("the late task ran").isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLongQueueRunsInOrderInTurnsOfSixtyFourWithOneTurnScheduledAtATime() {
        Queue<Runnable> turns = new ArrayDeque<>(); // the pool: turns wait here until the test runs them
        Strand strand = new Strand(turns::add);
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            strand.execute(() -> ran.add(n));
        }
        List<Integer> perTurn = new ArrayList<>();
        while (!turns.isEmpty()) {
            assertThat(turns).as("one turn of the strand scheduled at a time").hasSize(1);
            int before = ran.size();
            turns.poll().run();
            perTurn.add(ran.size() - before);
        }
        assertThat(perTurn).containsExactly(64, 64, 64, 8);
        assertThat(ran).isSorted().hasSize(200);
    }
}
