package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.playback.ended}: audio playback finished; status completed, cancelled, call_hangup, file_not_found, failed, ... */
public record CallPlaybackEnded(String id, String occurredAt, CallInfo call, String mediaUrl, String mediaName,
                                Boolean overlay, String status, String statusDetail, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.playback.ended";

    @Override
    public String eventType() {
        return TYPE;
    }
}
