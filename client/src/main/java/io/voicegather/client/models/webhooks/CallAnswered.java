package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code call.answered}: the call was answered. */
public record CallAnswered(String id, String occurredAt, CallInfo call, String state, String startTime,
                           List<Header> customHeaders, List<Header> sipHeaders, List<String> tags, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.answered";

    @Override
    public String eventType() {
        return TYPE;
    }
}
