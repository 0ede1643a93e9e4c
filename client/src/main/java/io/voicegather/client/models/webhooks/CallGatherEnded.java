package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.gather.ended}: a gather finished; status valid, invalid, call_hangup, cancelled, cancelled_amd or timeout. */
public record CallGatherEnded(String id, String occurredAt, CallInfo call, String digits, String status,
                              String gatherId, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.gather.ended";

    @Override
    public String eventType() {
        return TYPE;
    }
}
