package io.voicegather.client.core;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a client needs to reach the server, fixed at build time.
 *
 * @param baseUrl    the API root, e.g. {@code http://127.0.0.1:8080/v2}; without a trailing slash
 * @param apiKey     sent as {@code Authorization: Bearer <apiKey>}
 * @param publicKey  standard Base64 of the raw Ed25519 key that verifies webhooks; may be null
 * @param timeout    per-attempt limit for connecting and for the whole exchange
 * @param maxRetries retries after the first attempt; 0 turns retrying off
 * @param clock      the clock the webhook timestamp tolerance is measured with
 */
public record ClientOptions(String baseUrl, String apiKey, String publicKey, Duration timeout, int maxRetries,
                            Clock clock) {
    public static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080/v2";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_RETRIES = 2;

    public ClientOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey is required (builder apiKey(...) or TELNYX_API_KEY)");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(clock, "clock");
        while (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        URI uri = URI.create(baseUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL: " + baseUrl);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more");
        }
    }

    /** Never prints the API key: options end up in logs. */
    @Override
    public String toString() {
        return "ClientOptions[baseUrl=" + baseUrl + ", apiKey=***, publicKey=" + publicKey + ", timeout=" + timeout
                + ", maxRetries=" + maxRetries + "]";
    }
}
