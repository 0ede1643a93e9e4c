package io.voicegather.client.models.calls.actions;

/**
 * A prior turn given to gather_using_ai.
 *
 * @param role    "assistant" or "user"
 * @param content what was said
 */
public record MessageHistoryItem(String role, String content) {
    public static MessageHistoryItem user(String content) {
        return new MessageHistoryItem("user", content);
    }

    public static MessageHistoryItem assistant(String content) {
        return new MessageHistoryItem("assistant", content);
    }
}
