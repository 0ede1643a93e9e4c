package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One webhook delivery, {@code {"data":{"record_type":"event","event_type","id","occurred_at","payload"},"meta"}},
 * as a typed record: test with {@code instanceof} (or a pattern switch on Java 21); an event type this SDK does
 * not know arrives as {@link GenericWebhookEvent}.
 */
public sealed interface WebhookEvent permits CallEvent, GenericWebhookEvent {
    /** The event's UUID ({@code data.id}); the key to drop duplicate deliveries. */
    String id();

    /** {@code data.event_type}, e.g. "call.gather.ended". */
    String eventType();

    /** {@code data.occurred_at}, ISO-8601 UTC. */
    String occurredAt();

    /** The whole delivered document, for fields this SDK does not model. */
    JsonNode raw();
}
