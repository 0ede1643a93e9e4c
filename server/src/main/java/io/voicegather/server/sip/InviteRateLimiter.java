package io.voicegather.server.sip;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address for new INVITEs: {@code burst} tokens, refilled at {@code perSecond}. Kept as
 * one number per source, the time the bucket will be full again (the "theoretical arrival time" of GCRA, which is
 * the same bucket), so a known source costs no allocation. At most {@code maxSources} sources are remembered; the
 * least recently seen is forgotten first, and a forgotten source starts again with a full bucket (the global cap on
 * unanswered calls bounds what many sources together can do). Loop thread only.
 */
final class InviteRateLimiter {
    /** Sources remembered at once: about 2 MB at most. */
    static final int DEFAULT_MAX_SOURCES = 16_384;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final Map<InetAddress, long[]> fullAt;

    InviteRateLimiter(int perSecond, int burst, int maxSources) {
        if (perSecond <= 0 || burst <= 0 || maxSources <= 0) {
            throw new IllegalArgumentException("rate, burst and sources must be positive");
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.toleranceNanos = intervalNanos * (burst - 1);
        this.fullAt = new LinkedHashMap<>(Math.min(maxSources, 1024) * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, long[]> eldest) {
                return size() > maxSources;
            }
        };
    }

    /**
     * Takes a token for an INVITE from {@code source} at {@code nowNanos}.
     *
     * @return 0 when admitted, else the nanoseconds until a token is there again (the Retry-After)
     */
    long tryAcquire(InetAddress source, long nowNanos) {
        long[] tat = fullAt.get(source);
        if (tat == null) {
            fullAt.put(source, new long[]{nowNanos + intervalNanos});
            return 0;
        }
        long start = Math.max(tat[0], nowNanos);
        long wait = start - toleranceNanos - nowNanos;
        if (wait > 0) {
            return wait;
        }
        tat[0] = start + intervalNanos;
        return 0;
    }

    int trackedSources() {
        return fullAt.size();
    }
}
