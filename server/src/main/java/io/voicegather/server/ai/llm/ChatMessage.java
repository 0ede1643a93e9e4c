package io.voicegather.server.ai.llm;

import java.util.List;

/**
 * One message sent to the model, in chat-completions terms.
 *
 * @param role       system, developer, user, assistant or tool
 * @param content    text; may be null for an assistant message with tool calls
 * @param toolCalls  an assistant message's tool calls (empty when none)
 * @param toolCallId the call a tool message answers, else null
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId) {
    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content, List.of(), null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content, List.of(), null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage("assistant", content, List.of(), null);
    }

    public static ChatMessage tool(String toolCallId, String content) {
        return new ChatMessage("tool", content, List.of(), toolCallId);
    }
}
