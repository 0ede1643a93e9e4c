package io.voicegather.server.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server's executor: a fixed pool with a bounded queue. When the queue is full the exchange still has
 * to be answered (the JDK server cannot be told to refuse it), so it runs on a separate shedding thread in
 * "overloaded" mode, where the handler answers 429 without reading the body or touching the calls. Should even
 * that thread's queue be full, the dispatcher thread sheds it itself: slower, but never a hang or a reset.
 */
final class LoadSheddingExecutor implements Executor {
    private static final ThreadLocal<Boolean> SHEDDING = new ThreadLocal<>();

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor shedder;

    LoadSheddingExecutor(int threads, int queueCapacity) {
        this(threads, queueCapacity, "http");
    }

    /** {@code name} prefixes the thread names ({@code <name>-worker}, {@code <name>-shed}). */
    LoadSheddingExecutor(int threads, int queueCapacity, String name) {
        shedder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(1024),
                daemon(name + "-shed"), (r, e) -> shed(r));
        workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity), daemon(name + "-worker"),
                (r, e) -> {
                    if (shedder.isShutdown()) {
                        shed(r);
                    } else {
                        shedder.execute(() -> shed(r));
                    }
                });
    }

    /** True while the current thread handles an exchange that must be refused with 429. */
    static boolean overloaded() {
        return Boolean.TRUE.equals(SHEDDING.get());
    }

    @Override
    public void execute(Runnable exchange) {
        workers.execute(exchange);
    }

    void shutdown() throws InterruptedException {
        workers.shutdown();
        shedder.shutdown();
        workers.awaitTermination(2, TimeUnit.SECONDS);
        shedder.awaitTermination(2, TimeUnit.SECONDS);
    }

    private static void shed(Runnable exchange) {
        SHEDDING.set(Boolean.TRUE);
        try {
            exchange.run();
        } finally {
            SHEDDING.remove();
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
