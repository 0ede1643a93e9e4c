package io.voicegather.server.ai.conversation;

/**
 * How a conversation ends.
 *
 * @param reason the {@code reason} of {@code call.conversation.ended}
 * @param status for gathers, the {@code status} of {@code call.ai_gather.ended}: valid or invalid, the only values
 *               Telnyx's event knows (status_detail says why an invalid one ended)
 * @param hangUp whether the call is hung up after it (the assistant's hangup tool)
 */
public record Ending(String reason, String status, boolean hangUp) {
    /** Every required field was gathered (and the result is then validated: status may still turn invalid). */
    public static final Ending GATHERED = new Ending("gather_completed", "valid", false);
    /** The caller could not be understood in the allowed number of tries. */
    public static final Ending GAVE_UP = new Ending("max_tries_exceeded", "invalid", false);
    /** The assistant used its hangup tool: a gather it ends had not gathered everything, so it is invalid. */
    public static final Ending ASSISTANT_HANGUP = new Ending("assistant_hangup", "invalid", true);

    /** Ended from outside: the caller or the application hung up, or a command stopped or replaced it. */
    public static Ending stopped(String reason) {
        return new Ending(reason, "invalid", false);
    }
}
