package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One webhook event before it is enveloped.
 *
 * @param orderingKey events with the same key are delivered strictly in emission order (the call_control_id)
 * @param eventType   e.g. "call.gather.ended"
 * @param payload     the {@code data.payload} object
 * @param occurredAt  when it happened
 * @param target      where to deliver it
 */
public record OutgoingEvent(String orderingKey, String eventType, ObjectNode payload, Instant occurredAt,
                            WebhookTarget target) {
}
