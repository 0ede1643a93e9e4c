package io.voicegather.client.models.calls.actions;

/** The answer to {@code gather_stop}: {@code {"data":{"result":"ok"}}}. */
public record ActionStopGatherResponse(CallControlCommandResult data) {
}
