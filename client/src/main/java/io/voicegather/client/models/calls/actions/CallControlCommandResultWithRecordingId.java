package io.voicegather.client.models.calls.actions;

/**
 * @param result      "ok" when the command was accepted
 * @param recordingId set only when answer asked for record-from-answer; otherwise null
 */
public record CallControlCommandResultWithRecordingId(String result, String recordingId) {
}
