package io.voicegather.client.models.calls.actions;

/** @param enable whether the caller may talk over the assistant (server default true) */
public record InterruptionSettings(Boolean enable) {
}
