package io.voicegather.client.models.calls;

import io.voicegather.api.command.CallStatus;

/** The answer to {@code GET /calls/{call_control_id}}: {@code {"data":{"record_type":"call", ...}}}. */
public record CallRetrieveStatusResponse(CallStatus data) {
}
