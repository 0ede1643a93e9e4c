package io.voicegather.client.models.calls.actions;

/** The answer to {@code hangup}: {@code {"data":{"result":"ok"}}}. */
public record ActionHangupResponse(CallControlCommandResult data) {
}
