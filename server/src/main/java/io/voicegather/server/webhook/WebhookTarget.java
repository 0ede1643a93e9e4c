package io.voicegather.server.webhook;

/**
 * Where one event goes.
 *
 * @param url         primary URL
 * @param method      "POST" (default) or "GET"
 * @param failoverUrl tried after the primary URL's attempts are exhausted; may be null
 */
public record WebhookTarget(String url, String method, String failoverUrl) {
}
