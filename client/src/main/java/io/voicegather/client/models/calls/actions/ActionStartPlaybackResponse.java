package io.voicegather.client.models.calls.actions;

/** The answer to {@code playback_start}: {@code {"data":{"result":"ok"}}}. */
public record ActionStartPlaybackResponse(CallControlCommandResult data) {
}
