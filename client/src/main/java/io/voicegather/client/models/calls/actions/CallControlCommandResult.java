package io.voicegather.client.models.calls.actions;

/** @param result "ok" when the command was accepted */
public record CallControlCommandResult(String result) {
}
