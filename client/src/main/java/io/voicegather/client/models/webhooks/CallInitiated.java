package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code call.initiated}: a call arrived and waits to be answered (state parked). */
public record CallInitiated(String id, String occurredAt, CallInfo call, String direction, String state,
                            String callerIdName, String startTime, List<Header> customHeaders,
                            List<Header> sipHeaders, List<String> tags, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.initiated";

    @Override
    public String eventType() {
        return TYPE;
    }
}
