package io.voicegather.server.sip;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single SIP thread: one Selector for all sockets plus a task queue. Every piece of SIP state is touched only
 * here, so nothing needs locks. Timers run on a scheduler that merely posts the task back onto this loop.
 */
final class SipLoop implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SipLoop.class);

    /** Attachment of every registered key. */
    interface Ready {
        void onReady(SelectionKey key) throws IOException;
    }

    private final Selector selector;
    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean running = true;

    SipLoop(ScheduledExecutorService scheduler, String name) throws IOException {
        this.selector = Selector.open();
        this.scheduler = scheduler;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    Selector selector() {
        return selector;
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs the task on this loop after the delay; cancel the returned future to stop it. */
    ScheduledFuture<?> schedule(long delayMillis, Runnable task) {
        return scheduler.schedule(() -> execute(task), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
    }

    void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (running) {
            try {
                selector.select();
                wakeupPending.set(false);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    dispatch(key);
                }
                runTasks();
            } catch (IOException | RuntimeException e) {
                LOG.warn("SIP loop iteration failed", e);
            }
        }
        runTasks(); // what was posted before close (e.g. the BYEs of a shutdown) still goes out
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                LOG.debug("close failed", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("selector close failed", e);
        }
    }

    private void dispatch(SelectionKey key) {
        try {
            if (key.isValid()) {
                ((Ready) key.attachment()).onReady(key);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("SIP channel error", e);
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 10_000; // keep sockets served even under a task flood
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.debug("SIP task failed", e);
            }
        }
        if (!tasks.isEmpty()) {
            selector.wakeup();
        }
    }
}
