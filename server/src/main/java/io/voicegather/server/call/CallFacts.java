package io.voicegather.server.call;

/**
 * What stays true of a call for its whole life: its ids and its parties (for logs and the event record), and the
 * SIP Call-ID of its dialog (for the console's SIP summary).
 */
public record CallFacts(String callLegId, String callSessionId, String from, String to, String sipCallId) {
}
