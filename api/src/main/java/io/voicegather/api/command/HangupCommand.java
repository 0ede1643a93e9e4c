package io.voicegather.api.command;

/** {@code POST /v2/calls/{id}/actions/hangup}. */
public record HangupCommand(CommandMeta meta) {
}
