package io.voicegather.server.webhook;

/**
 * Where one event goes.
 *
 * @param url            primary URL
 * @param method         "POST" (default) or "GET"
 * @param failoverUrl    tried after the primary URL's attempts are exhausted; may be null
 * @param primaryRetries replaces the default quick attempts at the primary URL for this event; null = the default
 *                       ({@link WebhookConfig#attemptsPerUrl()} attempts with {@link WebhookConfig#backoff()})
 */
public record WebhookTarget(String url, String method, String failoverUrl, PrimaryRetries primaryRetries) {

    /** A target with the default retry schedule. */
    public WebhookTarget(String url, String method, String failoverUrl) {
        this(url, method, failoverUrl, null);
    }

    /** The same target with this retry schedule at the primary URL (null = the default). */
    public WebhookTarget withPrimaryRetries(PrimaryRetries retries) {
        return new WebhookTarget(url, method, failoverUrl, retries);
    }
}
