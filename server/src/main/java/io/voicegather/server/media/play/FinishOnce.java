package io.voicegather.server.media.play;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** Delivers a source's end to its listener exactly once, whichever thread (clock or stopper) gets there first. */
final class FinishOnce {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Consumer<Boolean> listener;

    FinishOnce(Consumer<Boolean> listener) {
        this.listener = listener == null ? completed -> { } : listener;
    }

    /** @return true when this call was the one that finished */
    boolean finish(boolean completed) {
        if (!done.compareAndSet(false, true)) {
            return false;
        }
        listener.accept(completed);
        return true;
    }

    boolean isDone() {
        return done.get();
    }
}
