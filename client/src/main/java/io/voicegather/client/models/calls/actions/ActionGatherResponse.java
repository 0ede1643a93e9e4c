package io.voicegather.client.models.calls.actions;

/** The answer to {@code gather}: {@code {"data":{"result":"ok"}}}. */
public record ActionGatherResponse(CallControlCommandResult data) {
}
