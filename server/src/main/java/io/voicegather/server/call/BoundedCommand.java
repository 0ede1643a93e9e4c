package io.voicegather.server.call;

import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A REST command handed to a call's strand, with a bound on how long its caller waits for the strand to get to it.
 * Applied or not, never both: the strand task and the waiter race for one claim. If the task claims first, it runs
 * and the waiter waits for its end, however long it takes; if the bound passes first, the waiter claims, answers
 * {@link ApiError#callBusy} and the task, when the strand reaches it, does nothing.
 *
 * <p>Threading: {@link #submit} and {@link #await} on the waiting (HTTP) thread, the command on the strand.
 */
final class BoundedCommand<T> {
    private enum Claim { QUEUED, RUNNING, ABANDONED }

    private final AtomicReference<Claim> claim = new AtomicReference<>(Claim.QUEUED);
    private final CompletableFuture<T> result = new CompletableFuture<>();

    /** Queues the command on the strand; it runs there only if no waiter has given up on it by then. */
    static <T> BoundedCommand<T> submit(Executor strand, Callable<T> command) {
        BoundedCommand<T> bounded = new BoundedCommand<>();
        strand.execute(() -> bounded.runUnlessAbandoned(command));
        return bounded;
    }

    private void runUnlessAbandoned(Callable<T> command) {
        if (!claim.compareAndSet(Claim.QUEUED, Claim.RUNNING)) {
            return; // its caller was already told it was not applied
        }
        try {
            result.complete(command.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    /**
     * The command's result. Waits at most {@code bound} for the strand to start it; once started, until it ends.
     *
     * @throws ApiException    {@link ApiError#callBusy} when the bound passed before the command started
     * @throws ExecutionException the command's own failure
     * @throws InterruptedException when interrupted; a command not started by then is abandoned too
     */
    T await(Duration bound) throws ExecutionException, InterruptedException {
        try {
            return result.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            claim.compareAndSet(Claim.QUEUED, Claim.ABANDONED); // the caller gets no answer, so nothing may apply
            throw e;
        } catch (TimeoutException e) {
            if (claim.compareAndSet(Claim.QUEUED, Claim.ABANDONED)) {
                throw new ApiException(ApiError.callBusy(bound.toMillis()));
            }
            return result.get(); // the strand started it first: it will be applied, so report how it went
        }
    }
}
