package io.voicegather.server.webhook;

/** Accepts events for delivery. */
public interface WebhookSink {
    /**
     * Queues the event for recording and delivery and returns at once, without waiting for the disk. The event
     * survives a crash once its record is committed, normally within milliseconds; it is never sent before that.
     * Events of one ordering key are committed and delivered in the order of their emits.
     * Returns the event id (a UUID, the envelope's {@code data.id}).
     */
    String emit(OutgoingEvent event);

    /**
     * Whether new calls and commands may start: false while the events not yet recorded are near the sink's memory
     * bound (the disk refuses writes), so that the room left goes to events live calls emit by themselves. A sink
     * that wraps another answers what the wrapped one answers.
     */
    boolean hasRoomForCommands();
}
