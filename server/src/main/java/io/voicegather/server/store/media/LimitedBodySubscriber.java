package io.voicegather.server.store.media;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into one array, but cancels the download as soon as it exceeds the limit, so a huge
 * or endless body costs at most limit bytes of memory.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
    /** Completes the body future exceptionally when the limit is passed. */
    static final class TooLargeException extends RuntimeException {
        TooLargeException() {
            super("body exceeds the limit", null, false, false);
        }
    }

    private final int limit;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private byte[] buf = new byte[8192];
    private int size;
    private Flow.Subscription subscription;

    LimitedBodySubscriber(int limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            int n = b.remaining();
            if ((long) size + n > limit) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException());
                return;
            }
            if (size + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(limit, Math.max(buf.length * 2, size + n)));
            }
            b.get(buf, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(java.util.Arrays.copyOf(buf, size));
    }

    /** Cancels the download (used when the whole-response deadline passes). */
    void cancel() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
