package io.voicegather.server.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads and drops a webhook response body in the background. The outcome is decided by the status line alone;
 * draining lets the connection be reused, and the byte cap and the deadline stop a receiver that streams forever
 * (cancelling closes the connection). The first {@link #EXCERPT_BYTES} bytes are kept and handed on once, when the
 * body ends or is cut (for the console's record of the attempt).
 */
final class ResponseDrain implements Flow.Subscriber<List<ByteBuffer>> {
    static final long MAX_BYTES = ResponseReader.MAX_BODY_BYTES;
    static final int EXCERPT_BYTES = ResponseReader.EXCERPT_BYTES;

    private final ScheduledExecutorService timer;
    private final long deadlineMillis;
    private final Consumer<String> onExcerpt;
    private final byte[] excerpt = new byte[EXCERPT_BYTES];
    private int excerptLength;
    private boolean finished;
    private Flow.Subscription subscription;
    private ScheduledFuture<?> deadline;
    private long bytes;

    ResponseDrain(ScheduledExecutorService timer, long deadlineMillis, Consumer<String> onExcerpt) {
        this.timer = timer;
        this.deadlineMillis = deadlineMillis;
        this.onExcerpt = onExcerpt;
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        try {
            deadline = timer.schedule(this::expire, deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            s.cancel(); // shutting down
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            int keep = Math.min(b.remaining(), EXCERPT_BYTES - excerptLength);
            if (keep > 0) {
                b.duplicate().get(excerpt, excerptLength, keep);
                excerptLength += keep;
            }
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

    /** The deadline passed with the body still coming: what came is the excerpt, and the connection is closed. */
    private synchronized void expire() {
        finish();
        subscription.cancel();
    }

    private void finish() {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (!finished) {
            finished = true;
            onExcerpt.accept(new String(excerpt, 0, excerptLength, StandardCharsets.UTF_8));
        }
    }
}
