package io.voicegather.client.services.blocking;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.api.webhook.WebhookSignature;
import io.voicegather.client.errors.VoicegatherException;
import io.voicegather.client.errors.WebhookVerificationException;
import io.voicegather.client.models.webhooks.WebhookEvent;
import io.voicegather.client.models.webhooks.WebhookEvents;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;

/**
 * {@code client.webhooks()}: checks that a delivery was signed by the server and turns it into a typed event.
 * Pure computation, no I/O; thread-safe.
 */
public final class WebhookService {
    /** Deliveries whose timestamp is further than this from now are refused, against replays. */
    public static final long TOLERANCE_SECONDS = 300;

    private final String publicKey;
    private final Clock clock;

    public WebhookService(String publicKey, Clock clock) {
        this.publicKey = publicKey;
        this.clock = clock;
    }

    /**
     * Verifies with the client's public key, then parses.
     *
     * @param body    the raw request body, exactly as received
     * @param headers request headers (any case); values are Strings or collections of Strings
     * @throws WebhookVerificationException when a header is missing, the timestamp is stale, or the signature fails
     */
    public WebhookEvent unwrap(String body, Map<String, ?> headers) {
        return unwrap(body, headers, publicKey);
    }

    /** As {@link #unwrap(String, Map)} with an explicit public key (standard Base64 of the raw 32 bytes). */
    public WebhookEvent unwrap(String body, Map<String, ?> headers, String publicKeyBase64) {
        verify(body, headers, publicKeyBase64);
        return unsafeUnwrap(body);
    }

    /**
     * Checks a delivery without parsing it.
     *
     * @throws WebhookVerificationException as {@link #unwrap(String, Map)}
     */
    public void verify(String body, Map<String, ?> headers, String publicKeyBase64) {
        if (publicKeyBase64 == null || publicKeyBase64.isBlank()) {
            throw new WebhookVerificationException(
                    "no public key: set publicKey(...) on the client builder or TELNYX_PUBLIC_KEY");
        }
        if (body == null) {
            throw new WebhookVerificationException("no body");
        }
        String signature = header(headers, WebhookSignature.SIGNATURE_HEADER);
        String timestamp = header(headers, WebhookSignature.TIMESTAMP_HEADER);
        if (signature == null || timestamp == null) {
            throw new WebhookVerificationException("missing " + WebhookSignature.SIGNATURE_HEADER + " or "
                    + WebhookSignature.TIMESTAMP_HEADER + " header");
        }
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookVerificationException("timestamp is not a number of seconds: " + timestamp);
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - signedAt) > TOLERANCE_SECONDS) {
            throw new WebhookVerificationException("timestamp " + signedAt + " is more than " + TOLERANCE_SECONDS
                    + " s away from now (" + now + ")");
        }
        if (!WebhookSignature.verify(publicKeyBase64, timestamp, body.getBytes(StandardCharsets.UTF_8), signature)) {
            throw new WebhookVerificationException("signature does not match the body and timestamp");
        }
    }

    /** Parses a delivery without checking its signature (for tests, or after checking it elsewhere). */
    public WebhookEvent unsafeUnwrap(String body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException | IllegalArgumentException e) {
            throw new VoicegatherException("webhook body is not JSON", e);
        }
        try {
            return WebhookEvents.parse(root);
        } catch (IllegalArgumentException e) {
            throw new VoicegatherException("webhook body is not an event: " + e.getMessage(), e);
        }
    }

    private static String header(Map<String, ?> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, ?> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                Object v = e.getValue();
                if (v instanceof Collection<?> values) {
                    v = values.isEmpty() ? null : values.iterator().next();
                } else if (v instanceof String[] array) {
                    v = array.length == 0 ? null : array[0];
                }
                return v == null ? null : v.toString();
            }
        }
        return null;
    }
}
