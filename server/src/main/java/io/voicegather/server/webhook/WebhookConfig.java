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
 * @param maxInFlightPerTarget HTTP requests outstanding at once to one target (URL scheme and authority), so that
 *                           one slow application cannot hold every slot; further keys for it wait their turn
 * @param deliveredRetention how long delivered rows are kept (zero = delete on delivery)
 * @param failedRetention    how long rows that were given up are kept for inspection
 * @param purgeInterval      how often the retention purge runs
 * @param patientFirstDelay  after the quick attempts, the first delay of the patient phase; it doubles each time
 * @param patientMaxDelay    the longest delay of the patient phase
 * @param giveUpAfter        an event still undelivered this long after it was recorded is given up (kept as failed)
 */
public record WebhookConfig(Duration requestTimeout, int attemptsPerUrl, List<Duration> backoff, int poolSize,
                            int maxInFlight, int maxInFlightPerTarget, Duration deliveredRetention,
                            Duration failedRetention, Duration purgeInterval, Duration patientFirstDelay,
                            Duration patientMaxDelay, Duration giveUpAfter) {

    public WebhookConfig {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(deliveredRetention, "deliveredRetention");
        Objects.requireNonNull(failedRetention, "failedRetention");
        Objects.requireNonNull(purgeInterval, "purgeInterval");
        Objects.requireNonNull(patientFirstDelay, "patientFirstDelay");
        Objects.requireNonNull(patientMaxDelay, "patientMaxDelay");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (patientFirstDelay.isNegative() || patientFirstDelay.isZero() || patientMaxDelay.compareTo(patientFirstDelay) < 0
                || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("patient delays must be positive and ordered; giveUpAfter not negative");
        }
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
        if (poolSize < 1 || maxInFlight < 1 || maxInFlightPerTarget < 1) {
            throw new IllegalArgumentException("poolSize, maxInFlight and maxInFlightPerTarget must be at least 1");
        }
        if (deliveredRetention.isNegative() || failedRetention.isNegative() || purgeInterval.isNegative()
                || purgeInterval.isZero()) {
            throw new IllegalArgumentException("retention must not be negative and purgeInterval must be positive");
        }
    }

    /**
     * 2 s timeout, 3 quick attempts per URL after 0 s, 1 s and 2 s, then patient attempts every 5 s doubling to 60 s
     * until the event is 1 h old; 4 workers, 64 requests in flight, 32 of them to one target, delivered rows kept
     * 1 h, failed rows 7 days,
     * purge every minute.
     */
    public static WebhookConfig defaults() {
        return new WebhookConfig(Duration.ofSeconds(2), 3,
                List.of(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2)), 4, 64, 32,
                Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(1),
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofHours(1));
    }

    /** Delay before attempt {@code attemptIndex} (0-based) at one URL. */
    public Duration delayBefore(int attemptIndex) {
        return backoff.get(Math.min(attemptIndex, backoff.size() - 1));
    }

    public WebhookConfig withRequestTimeout(Duration value) {
        return new WebhookConfig(value, attemptsPerUrl, backoff, poolSize, maxInFlight, maxInFlightPerTarget,
                deliveredRetention, failedRetention, purgeInterval, patientFirstDelay, patientMaxDelay, giveUpAfter);
    }

    public WebhookConfig withRetries(int attempts, List<Duration> delays) {
        return new WebhookConfig(requestTimeout, attempts, delays, poolSize, maxInFlight, maxInFlightPerTarget,
                deliveredRetention, failedRetention, purgeInterval, patientFirstDelay, patientMaxDelay, giveUpAfter);
    }

    public WebhookConfig withPool(int workers, int inFlight) {
        return withPool(workers, inFlight, Math.min(inFlight, maxInFlightPerTarget));
    }

    public WebhookConfig withPool(int workers, int inFlight, int inFlightPerTarget) {
        return new WebhookConfig(requestTimeout, attemptsPerUrl, backoff, workers, inFlight, inFlightPerTarget,
                deliveredRetention, failedRetention, purgeInterval, patientFirstDelay, patientMaxDelay, giveUpAfter);
    }

    public WebhookConfig withRetention(Duration delivered, Duration failed, Duration every) {
        return new WebhookConfig(requestTimeout, attemptsPerUrl, backoff, poolSize, maxInFlight, maxInFlightPerTarget,
                delivered, failed, every, patientFirstDelay, patientMaxDelay, giveUpAfter);
    }

    /** The patient phase after the quick attempts: delays from {@code first} doubling to {@code max}, until {@code giveUp}. */
    public WebhookConfig withPatience(Duration first, Duration max, Duration giveUp) {
        return new WebhookConfig(requestTimeout, attemptsPerUrl, backoff, poolSize, maxInFlight, maxInFlightPerTarget,
                deliveredRetention, failedRetention, purgeInterval, first, max, giveUp);
    }
}
