package io.voicegather.server.call;

import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serial executor over a shared pool: the tasks of one call run one at a time, in submission order,
 * so the call's state needs no locks, while thousands of calls share a few threads.
 */
final class Strand implements Executor {
    private static final Logger log = LoggerFactory.getLogger(Strand.class);
    /** Tasks run per turn before the strand yields its thread to other calls. */
    private static final int BATCH = 64;

    private final Executor pool;
    private final Queue<Runnable> tasks;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    Strand(Executor pool) {
        this(pool, new ConcurrentLinkedQueue<>());
    }

    /** With its own queue: how the interleaving test steps into the hand-off between the strand and a producer. */
    Strand(Executor pool, Queue<Runnable> tasks) {
        this.pool = pool;
        this.tasks = tasks;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        scheduleIfIdle();
    }

    /** Runs the task on the strand; the future completes with its result or its exception. */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private void scheduleIfIdle() {
        if (scheduled.compareAndSet(false, true)) {
            pool.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (Throwable t) {
                    log.error("call task failed", t);
                }
            }
        } finally {
            // A task added after the last poll found its CAS fail while we were still scheduled: look again.
            scheduled.set(false);
            if (!tasks.isEmpty()) {
                scheduleIfIdle();
            }
        }
    }
}
