package io.voicegather.server.webhook;

/**
 * One pending outbox row as the dispatcher sees it. Immutable: each failed attempt produces the next version.
 *
 * @param seq           position in the outbox; per-key delivery order
 * @param eventId       {@code data.id}
 * @param orderingKey   events sharing it are delivered one at a time, in {@code seq} order
 * @param dataJson      the envelope's {@code data} object, sent byte-identical on every attempt
 * @param url           primary URL
 * @param method        "POST" or "GET"
 * @param failoverUrl   tried once the primary URL is exhausted; may be null
 * @param attempts      attempts made so far over all URLs
 * @param urlAttempts   attempts made so far at the current URL
 * @param onFailover    whether the current URL is the failover URL
 * @param nextAttemptAt epoch millis before which no attempt is made
 * @param createdAt     epoch millis when the event was recorded; the give-up age counts from here
 * @param primaryRetries the quick attempts at the primary URL when they are not the default; may be null
 */
public record OutboxEntry(long seq, String eventId, String orderingKey, String dataJson, String url, String method,
                          String failoverUrl, int attempts, int urlAttempts, boolean onFailover, long nextAttemptAt,
                          long createdAt, PrimaryRetries primaryRetries) {

    /** An entry with the default quick attempts. */
    public OutboxEntry(long seq, String eventId, String orderingKey, String dataJson, String url, String method,
                       String failoverUrl, int attempts, int urlAttempts, boolean onFailover, long nextAttemptAt,
                       long createdAt) {
        this(seq, eventId, orderingKey, dataJson, url, method, failoverUrl, attempts, urlAttempts, onFailover,
                nextAttemptAt, createdAt, null);
    }

    /** The URL the next attempt goes to. */
    public String currentUrl() {
        return onFailover ? failoverUrl : url;
    }

    /**
     * The state after one more failed attempt, or null when the event is given up.
     * First the quick attempts: {@code attemptsPerUrl} at the primary URL (or those of {@link #primaryRetries()}
     * when the event has its own schedule), then {@code attemptsPerUrl} at the failover URL. Then the patient
     * phase: attempts alternate between the URLs with a delay that doubles from
     * {@link WebhookConfig#patientFirstDelay()} up to {@link WebhookConfig#patientMaxDelay()}, until the event is
     * older than {@link WebhookConfig#giveUpAfter()}. So an application that is down for a while still receives
     * everything when it comes back.
     */
    OutboxEntry afterFailure(long nowMillis, WebhookConfig config) {
        int made = urlAttempts + 1;
        boolean hasFailover = failoverUrl != null && !failoverUrl.isBlank();
        int primaryQuick = primaryRetries != null ? primaryRetries.attempts() : config.attemptsPerUrl();
        int quickAttempts = primaryQuick + (hasFailover ? config.attemptsPerUrl() : 0);
        if (attempts + 1 < quickAttempts) {
            if (!onFailover && made < primaryQuick) {
                long delay = primaryRetries != null ? primaryRetries.delayBefore(made)
                        : config.delayBefore(made).toMillis();
                return next(made, false, nowMillis + delay);
            }
            if (onFailover && made < config.attemptsPerUrl()) {
                return next(made, true, nowMillis + config.delayBefore(made).toMillis());
            }
            return next(0, true, nowMillis + config.delayBefore(0).toMillis());
        }
        if (nowMillis - createdAt >= config.giveUpAfter().toMillis()) {
            return null;
        }
        int patientIndex = attempts + 1 - quickAttempts;
        long delay = config.patientFirstDelay().toMillis() << Math.min(patientIndex, 20);
        delay = Math.min(delay, config.patientMaxDelay().toMillis());
        boolean toFailover = hasFailover && !onFailover;
        return next(toFailover == onFailover ? made : 1, toFailover, nowMillis + delay);
    }

    /** The same state, with the next attempt not before {@code at}. */
    OutboxEntry retryAt(long at) {
        return new OutboxEntry(seq, eventId, orderingKey, dataJson, url, method, failoverUrl, attempts, urlAttempts,
                onFailover, at, createdAt, primaryRetries);
    }

    private OutboxEntry next(int urlAttemptsMade, boolean failover, long at) {
        return new OutboxEntry(seq, eventId, orderingKey, dataJson, url, method, failoverUrl, attempts + 1,
                urlAttemptsMade, failover, at, createdAt, primaryRetries);
    }
}
