package io.voicegather.client.models.calls.actions;

/** The answer to {@code send_dtmf}: {@code {"data":{"result":"ok"}}}. */
public record ActionSendDtmfResponse(CallControlCommandResult data) {
}
