package io.voicegather.client.models.calls.actions;

/** The answer to {@code gather_using_speak}: {@code {"data":{"result":"ok"}}}. */
public record ActionGatherUsingSpeakResponse(CallControlCommandResult data) {
}
