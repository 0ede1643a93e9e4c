package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** An event type this SDK has no record for; everything it carried is in {@link #raw()} and {@link #payload()}. */
public record GenericWebhookEvent(String id, String eventType, String occurredAt, JsonNode payload, JsonNode raw)
        implements WebhookEvent {
}
