package io.voicegather.server.call;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The strand pool of a call under test: one real thread that the test can hold, so a call's processing runs late
 * while its packets keep arriving. Each task handed to the pool is counted, so the test knows when a key reached an
 * idle strand without sleeping.
 *
 * <p>Threading: {@link #execute} from any thread; the rest from the test thread.
 */
final class HeldPool implements Executor, AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "call-under-test");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore handedOff = new Semaphore(0);
    private CountDownLatch released;

    @Override
    public void execute(Runnable task) {
        worker.execute(task);
        handedOff.release();
    }

    /** Returns once the pool's thread is parked: from now on no strand runs until {@link #release()}. */
    void hold() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        worker.execute(() -> {
            entered.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(entered.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("pool held").isTrue();
        released = gate;
        handedOff.drainPermits();
    }

    /** Waits until some thread handed a task to the held pool (an idle strand got its first task). */
    void awaitHandOff() throws InterruptedException {
        assertThat(handedOff.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)).as("a task reached the pool").isTrue();
    }

    void release() {
        released.countDown();
    }

    /** Waits until every task handed to the pool before this call has run. */
    void awaitIdle() throws Exception {
        worker.submit(() -> { }).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (released != null) {
            released.countDown();
        }
        worker.shutdownNow();
    }
}
