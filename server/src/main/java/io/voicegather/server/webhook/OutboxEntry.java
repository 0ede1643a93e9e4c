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
 */
public record OutboxEntry(long seq, String eventId, String orderingKey, String dataJson, String url, String method,
                          String failoverUrl, int attempts, int urlAttempts, boolean onFailover, long nextAttemptAt) {

    /** The URL the next attempt goes to. */
    public String currentUrl() {
        return onFailover ? failoverUrl : url;
    }

    /** The state after one more failed attempt, or null when every URL is exhausted. */
    OutboxEntry afterFailure(long nowMillis, WebhookConfig config) {
        int made = urlAttempts + 1;
        if (made < config.attemptsPerUrl()) {
            return new OutboxEntry(seq, eventId, orderingKey, dataJson, url, method, failoverUrl, attempts + 1, made,
                    onFailover, nowMillis + config.delayBefore(made).toMillis());
        }
        if (!onFailover && failoverUrl != null && !failoverUrl.isBlank()) {
            return new OutboxEntry(seq, eventId, orderingKey, dataJson, url, method, failoverUrl, attempts + 1, 0,
                    true, nowMillis + config.delayBefore(0).toMillis());
        }
        return null;
    }
}
