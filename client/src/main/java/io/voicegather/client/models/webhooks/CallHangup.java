package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** {@code call.hangup}: the call ended; hangupCause e.g. normal_clearing, hangupSource caller, callee or unknown. */
public record CallHangup(String id, String occurredAt, CallInfo call, String hangupCause, String hangupSource,
                         String sipHangupCause, String state, String startTime, String endTime,
                         JsonNode callQualityStats, List<Header> customHeaders, List<Header> sipHeaders,
                         List<String> tags, JsonNode raw) implements CallEvent {
    public static final String TYPE = "call.hangup";

    @Override
    public String eventType() {
        return TYPE;
    }
}
