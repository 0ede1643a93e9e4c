package io.voicegather.client.models.calls.actions;

/** A SIP header added to answer or hangup. */
public record CustomHeader(String name, String value) {
}
