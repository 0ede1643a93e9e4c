package io.voicegather.client.core;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a request again and how long to wait first. Pure functions so that the policy is testable without
 * a network: the server's own hints ({@code X-Should-Retry}, {@code Retry-After-Ms}, {@code Retry-After}) win over
 * the status-based default and the exponential backoff.
 */
public final class RetryPolicy {
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    /** Server hints longer than this are ignored in favour of our own backoff, so a client never stalls for long. */
    static final Duration MAX_HINT = Duration.ofSeconds(60);

    private RetryPolicy() {
    }

    /** Whether a response with this status and these headers is worth another attempt. */
    public static boolean shouldRetry(int status, HttpHeaders headers) {
        Optional<String> hint = headers.firstValue("x-should-retry");
        if (hint.isPresent()) {
            if (hint.get().equalsIgnoreCase("true")) {
                return true;
            }
            if (hint.get().equalsIgnoreCase("false")) {
                return false;
            }
        }
        return status == 408 || status == 409 || status == 429 || status >= 500;
    }

    /**
     * The wait before retry number {@code retry} (0 for the first retry).
     *
     * @param headers the failed response's headers, or null after a connection error
     */
    public static Duration delay(int retry, HttpHeaders headers, ZonedDateTime now) {
        if (headers != null) {
            Duration hinted = hintedDelay(headers, now);
            if (hinted != null && !hinted.isNegative() && hinted.compareTo(MAX_HINT) <= 0) {
                return hinted;
            }
        }
        long base = Math.min(INITIAL_BACKOFF.toMillis() << Math.min(retry, 20), MAX_BACKOFF.toMillis());
        double jitter = 1.0 - 0.25 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (base * jitter));
    }

    private static Duration hintedDelay(HttpHeaders headers, ZonedDateTime now) {
        Optional<String> ms = headers.firstValue("retry-after-ms");
        if (ms.isPresent()) {
            try {
                return Duration.ofMillis((long) Double.parseDouble(ms.get().trim()));
            } catch (NumberFormatException ignored) {
                // fall through to Retry-After
            }
        }
        Optional<String> after = headers.firstValue("retry-after");
        if (after.isEmpty()) {
            return null;
        }
        String value = after.get().trim();
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(now, at);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
