package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The one thread that writes the outbox table, committing whatever has queued up in a single transaction (group
 * commit): with {@code synchronous=FULL} a commit costs an fsync, so many concurrent emits share one. Emits wait for
 * their batch; the dispatcher's bookkeeping does not wait at all (losing it in a crash only causes a redelivery).
 */
final class OutboxWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxWriter.class);
    private static final int MAX_BATCH = 512;

    /** One write. {@link #committed()} runs on the writer thread after the commit, in queue order. */
    interface Op {
        void apply(Connection c) throws SQLException;

        default void committed() {
        }

        default void failed(RuntimeException e) {
            log.warn("outbox write failed", e);
        }
    }

    private static final Op STOP = c -> {
    };

    private final Database db;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private final Thread thread;
    private boolean closed; // guarded by closing

    OutboxWriter(Database db) {
        this.db = db;
        this.thread = new Thread(this::run, "webhook-outbox-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a write; throws IllegalStateException once closed. */
    void submit(Op op) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("outbox is closed");
            }
            queue.add(op);
        } finally {
            closing.readLock().unlock();
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break; // close() interrupts only after STOP was processed or on timeout
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.remove(STOP)) {
                stop = true; // STOP is queued last: everything before it is in this batch
            }
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Op> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.inTransaction(c -> {
                for (Op op : batch) {
                    op.apply(c);
                }
                return null;
            });
        } catch (RuntimeException batchFailure) {
            // Isolate the culprit: retry each write in its own transaction.
            for (Op op : batch) {
                try {
                    db.inTransaction(c -> {
                        op.apply(c);
                        return null;
                    });
                    runCommitted(op);
                } catch (RuntimeException e) {
                    op.failed(e);
                }
            }
            return;
        }
        for (Op op : batch) {
            runCommitted(op);
        }
    }

    private static void runCommitted(Op op) {
        try {
            op.committed();
        } catch (RuntimeException e) {
            log.error("outbox commit callback failed", e);
        }
    }

    /** Writes everything queued so far, then stops the thread. */
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
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
        }
    }
}
