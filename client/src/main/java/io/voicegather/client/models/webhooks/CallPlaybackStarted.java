package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.playback.started}: audio playback began. */
public record CallPlaybackStarted(String id, String occurredAt, CallInfo call, String mediaUrl, String mediaName,
                                  Boolean overlay, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.playback.started";

    @Override
    public String eventType() {
        return TYPE;
    }
}
