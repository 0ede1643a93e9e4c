package io.voicegather.server.webhook;

/** Accepts events for delivery. */
public interface WebhookSink {
    /**
     * Records the event durably (it survives a crash once this returns) and schedules its delivery.
     * Returns the event id (a UUID, the envelope's {@code data.id}).
     */
    String emit(OutgoingEvent event);
}
