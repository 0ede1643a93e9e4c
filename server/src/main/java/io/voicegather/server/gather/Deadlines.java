package io.voicegather.server.gather;

/** Millisecond arithmetic that saturates instead of wrapping, so "never" stays {@link Long#MAX_VALUE}. */
final class Deadlines {
    static final long NEVER = Long.MAX_VALUE;

    private Deadlines() {
    }

    static long after(long start, long durationMillis) {
        long sum = start + durationMillis;
        // overflow only when both have the same sign and the result's sign differs
        if (((start ^ sum) & (durationMillis ^ sum)) < 0) {
            return durationMillis > 0 ? NEVER : Long.MIN_VALUE;
        }
        return sum;
    }
}
