package io.voicegather.server.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Delivery policy of the {@link WebhookDispatcher}.
 *
 * @param requestTimeout     per-attempt limit for connecting and for the whole response; exceeded = failed attempt
 * @param attemptsPerUrl     attempts at the primary URL, then again at the failover URL (when there is one)
 * @param backoff            delay before attempt i (0-based) at a URL; the last element repeats when
 *                           {@code attemptsPerUrl} is larger than the list
 * @param poolSize           worker threads (signing, database updates, response handling); shared by all keys
 * @param maxInFlight        HTTP requests outstanding at once over all keys; further ready keys wait their turn
 * @param deliveredRetention how long delivered rows are kept (zero = delete on delivery)
 * @param failedRetention    how long rows that were given up are kept for inspection
 * @param purgeInterval      how often the retention purge runs
 */
public record WebhookConfig(Duration requestTimeout, int attemptsPerUrl, List<Duration> backoff, int poolSize,
                            int maxInFlight, Duration deliveredRetention, Duration failedRetention,
                            Duration purgeInterval) {

    public WebhookConfig {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(deliveredRetention, "deliveredRetention");
        Objects.requireNonNull(failedRetention, "failedRetention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        backoff = List.copyOf(backoff);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (attemptsPerUrl < 1) {
            throw new IllegalArgumentException("attemptsPerUrl must be at least 1");
        }
        if (backoff.isEmpty() || backoff.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("backoff needs at least one non-negative delay");
        }
        if (poolSize < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("poolSize and maxInFlight must be at least 1");
        }
        if (deliveredRetention.isNegative() || failedRetention.isNegative() || purgeInterval.isNegative()
                || purgeInterval.isZero()) {
            throw new IllegalArgumentException("retention must not be negative and purgeInterval must be positive");
        }
    }

    /**
     * 2 s timeout, 3 attempts per URL after 0 s, 1 s and 2 s, 4 workers, 64 requests in flight, delivered rows kept
     * 1 h, failed rows 7 days, purge every minute.
     */
    public static WebhookConfig defaults() {
        return new WebhookConfig(Duration.ofSeconds(2), 3,
                List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)), 4, 64,
                Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(1));
    }

    /** Delay before attempt {@code attemptIndex} (0-based) at one URL. */
    public Duration delayBefore(int attemptIndex) {
        return backoff.get(Math.min(attemptIndex, backoff.size() - 1));
    }

    public WebhookConfig withRequestTimeout(Duration value) {
        return new WebhookConfig(value, attemptsPerUrl, backoff, poolSize, maxInFlight, deliveredRetention,
                failedRetention, purgeInterval);
    }

    public WebhookConfig withRetries(int attempts, List<Duration> delays) {
        return new WebhookConfig(requestTimeout, attempts, delays, poolSize, maxInFlight, deliveredRetention,
                failedRetention, purgeInterval);
    }

    public WebhookConfig withPool(int workers, int inFlight) {
        return new WebhookConfig(requestTimeout, attemptsPerUrl, backoff, workers, inFlight, deliveredRetention,
                failedRetention, purgeInterval);
    }

    public WebhookConfig withRetention(Duration delivered, Duration failed, Duration every) {
        return new WebhookConfig(requestTimeout, attemptsPerUrl, backoff, poolSize, maxInFlight, delivered, failed,
                every);
    }
}
