package io.voicegather.server.ai.llm;

import java.util.List;

/**
 * The model's answer: text to say, tool calls to run, or both.
 *
 * @param content   the text (null or empty when the model only called tools)
 * @param toolCalls in the order given (empty when none)
 * @param model     the model that answered, as the server reported it (or as asked)
 */
public record ChatReply(String content, List<ToolCall> toolCalls, String model) {
    public ChatReply {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
}
