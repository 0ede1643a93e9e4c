package io.voicegather.server.call;

/** What stays true of a call for its whole life: its ids and its parties (for logs and the event record). */
public record CallFacts(String callLegId, String callSessionId, String from, String to) {
}
