package io.voicegather.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookSink;

/**
 * Counts what the calls report, on its way to the outbox: every ended call by its {@code hangup_cause} and every
 * ended gather by its {@code status}, the values the application itself receives. Adds no work to the emit but two
 * field reads and a counter.
 */
final class CountingSink implements WebhookSink {
    private final WebhookSink next;
    private final Metrics metrics;

    CountingSink(WebhookSink next, Metrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public String emit(OutgoingEvent event) {
        String id = next.emit(event);
        switch (event.eventType()) {
            case "call.hangup" -> metrics.callEnded(text(event, "hangup_cause"));
            case "call.gather.ended" -> metrics.gatherEnded(text(event, "status"));
            default -> {
            }
        }
        return id;
    }

    @Override
    public boolean hasRoomForCommands() {
        return next.hasRoomForCommands();
    }

    private static String text(OutgoingEvent event, String field) {
        JsonNode value = event.payload() == null ? null : event.payload().get(field);
        return value == null || !value.isTextual() ? "unknown" : value.asText();
    }
}
