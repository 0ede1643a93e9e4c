package io.voicegather.server.ai.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One completion request.
 *
 * @param model              the model to ask, or null for the provider's default
 * @param messages           the conversation so far, oldest first
 * @param tools              functions the model may call (empty: none)
 * @param responseJsonSchema when not null, ask for a JSON object answer matching this schema
 *                           ({@code response_format: json_schema}); the reply's content is then that JSON text
 */
public record ChatRequest(String model, List<ChatMessage> messages, List<ToolDefinition> tools,
                          ObjectNode responseJsonSchema) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }
}
