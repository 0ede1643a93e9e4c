package io.voicegather.client.models.webhooks;

/**
 * The payload fields every call event carries; any may be null when the event did not include it.
 *
 * @param clientState the Base64 text set by the last command that had one
 */
public record CallInfo(String callControlId, String callLegId, String callSessionId, String connectionId,
                       String clientState, String from, String to) {
}
