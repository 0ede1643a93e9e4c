package io.voicegather.server.webhook;

import io.voicegather.api.json.Json;

import java.io.IOException;
import java.util.List;

/**
 * A per-event replacement of the quick attempts at the primary URL: the first attempt, then one retry after each
 * delay of {@code delaysMillis} (Telnyx's {@code webhook_retries_policies[event].retries_ms}). The failover URL's
 * quick attempts and the patient phase are not affected, so an event is never given up sooner than by default.
 *
 * @param delaysMillis at most {@link #MAX_RETRIES} delays, each at least 0, summing to at most {@link #MAX_TOTAL_MILLIS};
 *                     empty means one attempt at the primary URL and no quick retry there
 */
public record PrimaryRetries(List<Integer> delaysMillis) {
    public static final int MAX_RETRIES = 5;
    public static final int MAX_TOTAL_MILLIS = 60_000;

    public PrimaryRetries {
        delaysMillis = List.copyOf(delaysMillis);
        if (delaysMillis.size() > MAX_RETRIES) {
            throw new IllegalArgumentException("at most " + MAX_RETRIES + " retries: " + delaysMillis);
        }
        long sum = 0;
        for (int d : delaysMillis) {
            if (d < 0) {
                throw new IllegalArgumentException("negative retry delay: " + delaysMillis);
            }
            sum += d;
        }
        if (sum > MAX_TOTAL_MILLIS) {
            throw new IllegalArgumentException("retry delays sum to more than " + MAX_TOTAL_MILLIS + " ms: "
                    + delaysMillis);
        }
    }

    /** Quick attempts at the primary URL: the first one and a retry per delay. */
    public int attempts() {
        return delaysMillis.size() + 1;
    }

    /** Delay before attempt {@code attemptIndex} (0-based, at least 1) at the primary URL. */
    long delayBefore(int attemptIndex) {
        return delaysMillis.get(attemptIndex - 1);
    }

    /** The column form: a JSON array of integers, e.g. {@code [1000,2000]}. */
    String encode() {
        return Json.write(delaysMillis);
    }

    /** Reads {@link #encode()}'s form; null (no column value) is null (the default schedule). */
    static PrimaryRetries decode(String column) {
        if (column == null) {
            return null;
        }
        try {
            return new PrimaryRetries(List.of(Json.MAPPER.readValue(column, Integer[].class)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a retry schedule: " + column, e);
        }
    }
}
