package io.voicegather.server.media;

/**
 * The media clock's timetable: tick {@code n} is due at {@code origin + n * period}, computed from the origin
 * each time so no drift accumulates. When the clock thread falls behind, owed ticks are run back to back up to
 * {@code maxCatchUp} of them; older ones are skipped, so a long stall (GC, an overloaded host) turns into a gap in
 * the RTP timestamps rather than a burst that would overflow the far end's jitter buffer. Not thread-safe.
 */
final class TickSchedule {
    private final long originNanos;
    private final long periodNanos;
    private final int maxCatchUp;
    private long nextTick;
    private long skipped;

    TickSchedule(long originNanos, long periodNanos, int maxCatchUp) {
        if (periodNanos <= 0 || maxCatchUp < 1) {
            throw new IllegalArgumentException("period and catch-up must be positive");
        }
        this.originNanos = originNanos;
        this.periodNanos = periodNanos;
        this.maxCatchUp = maxCatchUp;
    }

    /**
     * The index of the tick to run now, or -1 if the next tick is not due yet. Each call that returns an index
     * consumes it.
     */
    long due(long nowNanos) {
        long latestDue = Math.floorDiv(nowNanos - originNanos, periodNanos);
        if (latestDue < nextTick) {
            return -1;
        }
        long oldestAllowed = latestDue - maxCatchUp + 1;
        if (nextTick < oldestAllowed) {
            skipped += oldestAllowed - nextTick;
            nextTick = oldestAllowed;
        }
        return nextTick++;
    }

    /** When the next tick to run is due. */
    long nextDueNanos() {
        return originNanos + nextTick * periodNanos;
    }

    /** Ticks dropped because the clock was too far behind. */
    long skippedTicks() {
        return skipped;
    }
}
