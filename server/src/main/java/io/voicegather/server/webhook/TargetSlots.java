package io.voicegather.server.webhook;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Request slots per target, the scheme and authority of a URL: at most {@code perTarget} requests outstanding to
 * one target, so that one slow application cannot hold every request slot of the dispatcher. Whoever finds its
 * target full waits in that target's queue and is handed to {@code onFree} when a request to it ends.
 * <p>
 * Threading: thread-safe and lock-free. A waiter queues itself, then looks again; a request that ends gives its
 * slot back, then looks for a waiter: so one of the two always sees the other, and no waiter is stranded.
 * <p>
 * Memory: one small entry per target ever seen (applications are few; their URLs vary, their hosts hardly).
 *
 * @param <T> what waits for a slot (a lane)
 */
final class TargetSlots<T> {
    private final int perTarget;
    private final Consumer<T> onFree;
    private final ConcurrentHashMap<String, Target<T>> targets = new ConcurrentHashMap<>();

    private static final class Target<T> {
        final AtomicInteger inFlight = new AtomicInteger();
        final ConcurrentLinkedQueue<T> waiting = new ConcurrentLinkedQueue<>();
    }

    TargetSlots(int perTarget, Consumer<T> onFree) {
        this.perTarget = perTarget;
        this.onFree = onFree;
    }

    /** Takes a slot of {@code target}; false when it is full, and then {@code waiter} waits its turn. */
    boolean tryAcquire(String target, T waiter) {
        Target<T> t = targets.computeIfAbsent(target, k -> new Target<>());
        for (int n = t.inFlight.get(); n < perTarget; n = t.inFlight.get()) {
            if (t.inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        t.waiting.add(waiter);
        wakeOneIfFree(t);
        return false;
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    void release(String target) {
        Target<T> t = targets.get(target);
        t.inFlight.decrementAndGet();
        wakeOneIfFree(t);
    }

    private void wakeOneIfFree(Target<T> t) {
        if (t.inFlight.get() < perTarget) {
            T next = t.waiting.poll();
            if (next != null) {
                onFree.accept(next);
            }
        }
    }

    /** The scheme and authority of {@code url} ("http://host:port"); the whole string when it has none. */
    static String of(String url) {
        int authority = url.indexOf("://");
        if (authority < 0) {
            return url;
        }
        int end = authority + 3;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        return url.substring(0, end);
    }
}
