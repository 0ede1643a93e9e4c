package io.voicegather.api.command.ai;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/**
 * One message of a conversation: an {@code ai_assistant_add_messages} item, a {@code message_history} entry of
 * {@code ai_assistant_start} or {@code gather_using_ai} (the latter only user/assistant with content).
 *
 * @param role       who said it
 * @param content    the text; null only for an assistant message that carries tool calls
 * @param toolCalls  an assistant message's tool calls (empty when none)
 * @param toolCallId the call a tool message answers; null for other roles
 * @param metadata   the message's metadata object as sent, or null
 */
public record AiMessage(Role role, String content, List<ToolCall> toolCalls, String toolCallId, ObjectNode metadata) {

    public AiMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public static AiMessage user(String content) {
        return new AiMessage(Role.USER, content, List.of(), null, null);
    }

    public static AiMessage assistant(String content) {
        return new AiMessage(Role.ASSISTANT, content, List.of(), null, null);
    }

    public enum Role {
        USER, ASSISTANT, TOOL, SYSTEM, DEVELOPER;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An assistant's request to run a tool: {@code {id, type: "function", function: {name, arguments?}}}. */
    public record ToolCall(String id, String name, String argumentsJson) {
    }
}
