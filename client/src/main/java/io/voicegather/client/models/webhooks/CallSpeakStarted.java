package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.speak.started}: speech began. */
public record CallSpeakStarted(String id, String occurredAt, CallInfo call, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.speak.started";

    @Override
    public String eventType() {
        return TYPE;
    }
}
