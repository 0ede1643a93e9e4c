package io.voicegather.client.models.calls.actions;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One message of ai_assistant_add_messages and ai_assistant_start's message_history, discriminated by
 * {@code role} (user, assistant, tool, system, developer). Immutable.
 */
public final class AiAssistantMessage {
    private final Map<String, Object> fields;

    private AiAssistantMessage(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static AiAssistantMessage user(String content) {
        return of("user", content);
    }

    public static AiAssistantMessage assistant(String content) {
        return of("assistant", content);
    }

    public static AiAssistantMessage system(String content) {
        return of("system", content);
    }

    public static AiAssistantMessage developer(String content) {
        return of("developer", content);
    }

    public static AiAssistantMessage tool(String content, String toolCallId) {
        Map<String, Object> f = base("tool", content);
        f.put("tool_call_id", toolCallId);
        return new AiAssistantMessage(f);
    }

    /** An assistant turn that calls functions: each entry is {@code {id, type:"function", function:{name}}}. */
    public static AiAssistantMessage assistantToolCalls(List<Map<String, Object>> toolCalls) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", "assistant");
        f.put("tool_calls", List.copyOf(toolCalls));
        return new AiAssistantMessage(f);
    }

    /** A copy carrying a metadata object. */
    public AiAssistantMessage withMetadata(Map<String, Object> metadata) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put("metadata", metadata);
        return new AiAssistantMessage(f);
    }

    public String role() {
        return (String) fields.get("role");
    }

    @JsonValue
    public Map<String, Object> fields() {
        return fields;
    }

    private static AiAssistantMessage of(String role, String content) {
        return new AiAssistantMessage(base(role, content));
    }

    private static Map<String, Object> base(String role, String content) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("role", role);
        f.put("content", content);
        return f;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AiAssistantMessage m && m.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "AiAssistantMessage" + fields;
    }
}
