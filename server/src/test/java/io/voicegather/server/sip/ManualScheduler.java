package io.voicegather.server.sip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler with a hand-driven clock: tasks run only when the test advances time, so timer intervals can be
 * asserted exactly. Only {@link #schedule(Runnable, long, TimeUnit)} is supported.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final List<Entry> entries = new ArrayList<>();
    private long now;

    final class Entry implements ScheduledFuture<Object> {
        final long due;
        final Runnable task;
        boolean cancelled;
        boolean done;

        Entry(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(due - now, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterrupt) {
            synchronized (ManualScheduler.this) {
                if (done) {
                    return false;
                }
                cancelled = true;
                entries.remove(this);
                return true;
            }
        }

        @Override
        public boolean isCancelled() {
            synchronized (ManualScheduler.this) {
                return cancelled;
            }
        }

        @Override
        public boolean isDone() {
            synchronized (ManualScheduler.this) {
                return done || cancelled;
            }
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Entry e = new Entry(now + unit.toMillis(delay), command);
        entries.add(e);
        return e;
    }

    /** Whether a live task is due exactly at this time. */
    synchronized boolean hasTaskDueAt(long due) {
        return entries.stream().anyMatch(e -> e.due == due);
    }

    public synchronized long now() {
        return now;
    }

    /** Moves the clock forward, running every task that falls due, in order. */
    public void advanceTo(long time) {
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.stream().filter(e -> e.due <= time).min(Comparator.comparingLong(e -> e.due))
                        .orElse(null);
                if (next == null) {
                    now = Math.max(now, time);
                    return;
                }
                entries.remove(next);
                next.done = true;
                now = Math.max(now, next.due);
            }
            next.task.run();
        }
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }
}
