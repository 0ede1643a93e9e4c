package io.voicegather.server.call;

import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.error.ApiException;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The way in for REST commands: each is queued on its call's strand, runs at most once per command_id, and its caller
 * waits a bounded time for the call to get to it.
 *
 * <p>Ordering: a command runs after everything already queued on the call (keys, timers, SIP events) and before
 * anything queued later. A command_id seen within 60 s for the same call returns at once with no effect, answering
 * what the first one answered; it is remembered only when the command succeeded. A command the strand has not
 * started within the command wait is answered 503 (90064) and never runs, so neither its effect nor its command_id
 * is kept ({@link BoundedCommand}: applied or not, never both).
 *
 * <p>Threading: {@link #queue} and {@link Queued#await} on the caller's (HTTP) thread, the command on the strand.
 */
final class CommandGate {
    private final CommandIdCache commandIds = new CommandIdCache();
    private final Duration commandWait;
    private final Clock clock;

    CommandGate(Duration commandWait, Clock clock) {
        this.commandWait = commandWait;
        this.clock = clock;
    }

    /** Queues the command on the call's strand behind everything already there; {@link Queued#await} waits for it. */
    <T> Queued<T> queue(CallActor call, CommandMeta meta, Function<CallActor, T> command) {
        String callControlId = call.callControlId();
        String commandId = meta.commandId();
        BoundedCommand<T> bounded = BoundedCommand.submit(call::queue, () -> {
            if (commandId != null && !commandIds.firstSeen(callControlId, commandId, clock.millis())) {
                // The first one's answer: only the conversation commands answer something (a conversation_id);
                // for every other command it is null.
                @SuppressWarnings("unchecked")
                T first = (T) commandIds.resultOf(callControlId, commandId);
                return first;
            }
            try {
                T result = command.apply(call);
                commandIds.remember(callControlId, commandId, result);
                return result;
            } catch (RuntimeException e) {
                commandIds.forget(callControlId, commandId); // a refused command may be sent again
                throw e;
            }
        });
        return new Queued<>(bounded, callControlId, commandWait);
    }

    /** A command on its way; the caller waits for it with {@link #await}. */
    static final class Queued<T> {
        private final BoundedCommand<T> bounded;
        private final String callControlId;
        private final Duration wait;

        private Queued(BoundedCommand<T> bounded, String callControlId, Duration wait) {
            this.bounded = bounded;
            this.callControlId = callControlId;
            this.wait = wait;
        }

        /**
         * The command's result, or its {@link ApiException}.
         *
         * @throws ApiException {@link io.voicegather.api.error.ApiError#callBusy} when the call did not get to it
         *                      within the command wait; it then never runs
         */
        T await() {
            try {
                return bounded.await(wait);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ApiException api) {
                    throw api;
                }
                throw new IllegalStateException("command failed on call " + callControlId, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
