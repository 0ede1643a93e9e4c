package io.voicegather.server.webhook;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads and drops a webhook response body in the background. The outcome is decided by the status line alone;
 * draining lets the connection be reused, and the byte cap and the deadline stop a receiver that streams forever
 * (cancelling closes the connection).
 */
final class ResponseDrain implements Flow.Subscriber<List<ByteBuffer>> {
    static final long MAX_BYTES = 64 * 1024;

    private final ScheduledExecutorService timer;
    private final long deadlineMillis;
    private Flow.Subscription subscription;
    private ScheduledFuture<?> deadline;
    private long bytes;

    ResponseDrain(ScheduledExecutorService timer, long deadlineMillis) {
        this.timer = timer;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            deadline = timer.schedule(s::cancel, deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            s.cancel(); // shutting down
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            bytes += b.remaining();
        }
        if (bytes > MAX_BYTES) {
            finish();
            subscription.cancel();
        }
    }

    @Override
    public synchronized void onError(Throwable throwable) {
        finish();
    }

    @Override
    public synchronized void onComplete() {
        finish();
    }

    private void finish() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
