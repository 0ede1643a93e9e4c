package io.voicegather.client.models.calls.actions;

/** The answer to {@code client_state_update}: {@code {"data":{"result":"ok"}}}. */
public record ActionUpdateClientStateResponse(CallControlCommandResult data) {
}
