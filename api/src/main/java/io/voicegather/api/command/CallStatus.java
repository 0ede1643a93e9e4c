package io.voicegather.api.command;

/**
 * The body of {@code GET /v2/calls/{id}} ({@code data} object, record_type "call").
 * Times are ISO-8601 UTC text; endTime and callDuration (seconds) are null while the call is alive.
 */
public record CallStatus(String callControlId,
                         String callLegId,
                         String callSessionId,
                         boolean isAlive,
                         String clientState,
                         String startTime,
                         String endTime,
                         Long callDuration) {
}
