package io.voicegather.server.ai.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A function offered to the model: name, description and a JSON Schema of its arguments. */
public record ToolDefinition(String name, String description, ObjectNode parameters) {
}
