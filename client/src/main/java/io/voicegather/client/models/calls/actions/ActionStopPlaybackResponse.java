package io.voicegather.client.models.calls.actions;

/** The answer to {@code playback_stop}: {@code {"data":{"result":"ok"}}}. */
public record ActionStopPlaybackResponse(CallControlCommandResult data) {
}
