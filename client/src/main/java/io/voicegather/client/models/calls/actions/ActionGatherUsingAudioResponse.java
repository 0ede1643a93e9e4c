package io.voicegather.client.models.calls.actions;

/** The answer to {@code gather_using_audio}: {@code {"data":{"result":"ok"}}}. */
public record ActionGatherUsingAudioResponse(CallControlCommandResult data) {
}
