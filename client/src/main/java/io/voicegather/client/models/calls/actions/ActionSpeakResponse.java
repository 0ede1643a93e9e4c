package io.voicegather.client.models.calls.actions;

/** The answer to {@code speak}: {@code {"data":{"result":"ok"}}}. */
public record ActionSpeakResponse(CallControlCommandResult data) {
}
