package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code call.dtmf.received}: one key was pressed. */
public record CallDtmfReceived(String id, String occurredAt, CallInfo call, String digit, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.dtmf.received";

    @Override
    public String eventType() {
        return TYPE;
    }
}
