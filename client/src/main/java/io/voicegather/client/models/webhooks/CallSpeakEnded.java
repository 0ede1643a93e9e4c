package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.speak.ended}: speech finished; status completed, call_hangup or cancelled_amd. */
public record CallSpeakEnded(String id, String occurredAt, CallInfo call, String status, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.speak.ended";

    @Override
    public String eventType() {
        return TYPE;
    }
}
