package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one thread that writes the outbox table, committing whatever has queued up in a single transaction (group
 * commit): with {@code synchronous=FULL} a commit costs an fsync, so many queued writes share one. Nobody waits
 * for a commit: writers queue and return.
 * <p>
 * Commits are paced: one starts at least {@link #COMMIT_PACE_MILLIS} after the previous one started, and what
 * arrives meanwhile joins it. An idle writer commits a new event at once; a busy one shares each fsync among the
 * events of a few milliseconds instead of paying one per event.
 * <p>
 * Bookkeeping that {@link Op#canWait() can wait} (a delivery's outcome) does not get a commit of its own: it waits
 * for the next write that cannot wait, and rides along in its commit, or for {@link #LINGER_MILLIS} at most. Under
 * load that halves the commits (and fsyncs) per event; a crash loses at most that window of outcomes, whose only
 * cost is a redelivery.
 * <p>
 * Failure: a batch whose commit fails (I/O error, disk full, locked) is retried, in the same order, after a delay
 * doubling from {@link #FIRST_RETRY_MILLIS} to {@link #MAX_RETRY_MILLIS}, until it commits; one warning per failure
 * streak. Nothing queued behind it is written meanwhile, so commits stay first in, first out. Only {@link
 * Op#durable() durable} writes (recorded events) are kept for the retry; the others (the dispatcher's bookkeeping,
 * whose loss means at most a redelivery) are dropped from the failed batch and told so through {@link Op#failed}.
 * <p>
 * Memory: {@link #offer} queues nothing past the bound it was built with (the durable writes not yet committed);
 * {@link #submit} (flush, close) is never refused.
 * <p>
 * Threading: {@link #submit} from any thread; {@link Op#apply}, {@link Op#committed} and {@link Op#failed} run on
 * the writer thread, in queue order.
 * <p>
 * Lifecycle: started by the constructor; {@link #close()} writes everything queued (waiting at most
 * {@link #CLOSE_WAIT_MILLIS}) and stops.
 */
final class OutboxWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);
    private static final int MAX_BATCH = 512;
    static final long LINGER_MILLIS = 100;
    static final long COMMIT_PACE_MILLIS = 10;
    static final long FIRST_RETRY_MILLIS = 10;
    static final long MAX_RETRY_MILLIS = 1_000;
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    /** One write. {@link #committed()} runs on the writer thread after the commit, in queue order. */
    interface Op {
        void apply(Connection c) throws SQLException;

        default void committed() {
        }

        /** A non-durable write was dropped because its batch failed to commit. */
        default void failed(RuntimeException e) {
        }

        /** Whether a failed commit keeps this write for the retry instead of dropping it. */
        default boolean durable() {
            return false;
        }

        /** Whether this write may wait up to {@link #LINGER_MILLIS} to share the next commit. Never durable. */
        default boolean canWait() {
            return false;
        }
    }

    private static final Op STOP = c -> {
    };

    private final Database db;
    private final WriteFence fence;
    private final int maxQueued;
    private final long lingerNanos;
    private final long paceNanos;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger uncommittedDurable = new AtomicInteger();
    private final AtomicLong failedCommits = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread thread;
    private boolean closed; // guarded by closing

    OutboxWriter(Database db) {
        this(db, Integer.MAX_VALUE, LINGER_MILLIS, COMMIT_PACE_MILLIS);
    }

    /**
     * {@code maxQueued}: the most writes {@link #offer} lets wait in memory; {@code lingerMillis}: how long writes
     * that can wait wait at most; {@code paceMillis}: the least time from one commit's start to the next one's
     * (tests use other values).
     */
    OutboxWriter(Database db, long lingerMillis, long paceMillis) {
        this(db, Integer.MAX_VALUE, lingerMillis, paceMillis);
    }

    OutboxWriter(Database db, int maxQueued, long lingerMillis, long paceMillis) {
        this(db, WriteFence.NONE, maxQueued, lingerMillis, paceMillis);
    }

    /** {@code fence} is checked first in every transaction; a refusal fails the commit like an I/O error. */
    OutboxWriter(Database db, WriteFence fence, int maxQueued, long lingerMillis, long paceMillis) {
        this.db = db;
        this.fence = fence;
        this.maxQueued = maxQueued;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
        this.paceNanos = TimeUnit.MILLISECONDS.toNanos(paceMillis);
        this.thread = new Thread(this::run, "webhook-outbox-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a write and returns at once; throws IllegalStateException once closed. */
    void submit(Op op) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("outbox is closed");
            }
            if (op.durable()) {
                uncommittedDurable.incrementAndGet();
            }
            queue.add(op);
        } finally {
            closing.readLock().unlock();
        }
    }

    /**
     * Queues a write unless the memory bound is reached: {@code maxQueued} durable writes not yet committed, or, for
     * any other write, also {@code maxQueued} writes in the queue. Returns false when it was not queued; the caller
     * decides what that means. Throws IllegalStateException once closed.
     */
    boolean offer(Op op) {
        boolean full = uncommittedDurable.get() >= maxQueued || (!op.durable() && queue.size() >= maxQueued);
        if (full) {
            return false;
        }
        submit(op);
        return true;
    }

    /** Durable writes queued or being retried, not yet committed. */
    int uncommitted() {
        return uncommittedDurable.get();
    }

    /** Transactions committed since the start, for monitoring. */
    long commits() {
        return commits.get();
    }

    /** Commit attempts that failed since the start, for monitoring and tests. */
    long failedCommits() {
        return failedCommits.get();
    }

    private void run() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        long lastCommitStart = System.nanoTime() - paceNanos;
        try {
            while (!stop) {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                collect(batch, lastCommitStart + paceNanos, false);
                if (allCanWait(batch)) {
                    collect(batch, System.nanoTime() + lingerNanos, true);
                }
                lastCommitStart = System.nanoTime();
                if (batch.remove(STOP)) {
                    stop = true; // STOP is queued last: everything before it is in this batch
                }
                commitUntilDone(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // close() interrupts only after its wait ran out: what is still queued is not written
            long lost = batch.stream().filter(Op::durable).count() + queue.stream().filter(Op::durable).count();
            if (lost > 0) {
                log.error("webhook outbox stopped with {} events not written", lost);
            }
        }
    }

    /**
     * Adds what arrives until {@code deadline} (System.nanoTime); stops early when the batch is full or holds STOP,
     * or, with {@code untilOneCannotWait}, as soon as it holds a write that cannot wait.
     */
    private void collect(List<Op> batch, long deadline, boolean untilOneCannotWait) throws InterruptedException {
        while (batch.size() < MAX_BATCH && !batch.contains(STOP) && !(untilOneCannotWait && !allCanWait(batch))) {
            long left = deadline - System.nanoTime();
            Op next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private static boolean allCanWait(List<Op> batch) {
        for (Op op : batch) {
            if (!op.canWait()) {
                return false;
            }
        }
        return true;
    }

    /** Commits the batch, retrying its durable writes with a growing delay until a commit succeeds. */
    private void commitUntilDone(List<Op> batch) throws InterruptedException {
        long delay = FIRST_RETRY_MILLIS;
        int failures = 0;
        while (!batch.isEmpty()) {
            try {
                db.inTransaction(c -> {
                    fence.check(c);
                    for (Op op : batch) {
                        op.apply(c);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                failedCommits.incrementAndGet();
                if (failures++ == 0) {
                    log.warn("webhook outbox commit failed; retrying {} events until it succeeds",
                            batch.stream().filter(Op::durable).count(), e);
                }
                dropNonDurable(batch, e);
                TimeUnit.MILLISECONDS.sleep(delay);
                delay = Math.min(delay * 2, MAX_RETRY_MILLIS);
                continue;
            }
            commits.incrementAndGet();
            if (failures > 0) {
                log.info("webhook outbox commit succeeded after {} failed attempts", failures);
            }
            for (Op op : batch) {
                runCallback(op::committed);
                if (op.durable()) {
                    uncommittedDurable.decrementAndGet(); // after the hand-over: zero means all handed over
                }
            }
            return;
        }
    }

    private static void dropNonDurable(List<Op> batch, RuntimeException cause) {
        batch.removeIf(op -> {
            if (op.durable()) {
                return false;
            }
            runCallback(() -> op.failed(cause));
            return true;
        });
    }

    private static void runCallback(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("outbox callback failed", e);
        }
    }

    /** Writes everything queued so far (waiting a bounded time), then stops the thread. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        } finally {
            closing.writeLock().unlock();
        }
        try {
            thread.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
