package io.voicegather.client.models.calls.actions;

/**
 * An extra call leg joined to an AI assistant conversation.
 *
 * @param id       the leg's call_control_id
 * @param role     "user"
 * @param name     display name; may be null
 * @param onHangup "continue_conversation" (default) or "end_conversation"; may be null
 */
public record Participant(String id, String role, String name, String onHangup) {
    public static Participant user(String callControlId) {
        return new Participant(callControlId, "user", null, null);
    }
}
