package io.voicegather.server.ai.llm;

/** A tool the model asked to run, with its arguments as the JSON text the model wrote. */
public record ToolCall(String id, String name, String argumentsJson) {
}
