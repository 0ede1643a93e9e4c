package io.voicegather.client.models.calls.actions;

/** The answer to {@code answer}: {@code {"data":{"result":"ok", "recording_id"?}}}. */
public record ActionAnswerResponse(CallControlCommandResultWithRecordingId data) {
}
