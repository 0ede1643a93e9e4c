package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Message arrays: {@code messages} of ai_assistant_add_messages and {@code message_history} of ai_assistant_start
 * (all five roles, each with its required fields), and the simpler {@code message_history} of gather_using_ai
 * (user and assistant; the SDKs make its role and content optional, and an item lacking either says nothing, so it
 * is skipped).
 */
final class AiMessageParser {
    static final List<String> ALL_ROLES = List.of("user", "assistant", "tool", "system", "developer");
    static final List<String> GATHER_ROLES = List.of("user", "assistant");

    private AiMessageParser() {
    }

    /** Null when the array or any message is invalid (errors recorded); empty when absent. */
    static List<AiMessage> messages(BodyFields f, String name, List<String> roles) {
        ArrayNode array = AiFields.array(f, name);
        if (array == null) {
            return f.hasErrorFor(name) ? null : List.of();
        }
        List<AiMessage> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isObject()) {
                f.reject(ApiError.invalidValue(f.path(name + "/" + i),
                        "Each item of '" + f.label(name) + "' must be an object with a 'role'."));
                ok = false;
                continue;
            }
            if (roles == GATHER_ROLES && (absent(item, "role") || absent(item, "content"))) {
                continue;
            }
            AiMessage m = message(f.nested(name + "/" + i, (ObjectNode) item), roles);
            ok &= m != null;
            out.add(m);
        }
        return ok ? out : null;
    }

    private static boolean absent(JsonNode item, String field) {
        return item.path(field).isMissingNode() || item.path(field).isNull();
    }

    private static AiMessage message(BodyFields m, List<String> roles) {
        if (m.present("role") == null) {
            m.reject(m.missing("role"));
            return null;
        }
        String role = AiFields.oneOf(m, "role", roles, null);
        ObjectNode metadata = AiFields.object(m, "metadata");
        if (role == null || m.hasErrorFor("metadata")) {
            return null;
        }
        AiMessage.Role r = AiMessage.Role.valueOf(role.toUpperCase(Locale.ROOT));
        return switch (r) {
            case ASSISTANT -> assistant(m, metadata);
            case TOOL -> {
                String content = content(m);
                String toolCallId = m.requiredString("tool_call_id", AiFields.MAX_NAME_LENGTH);
                yield content == null || toolCallId == null ? null
                        : new AiMessage(r, content, List.of(), toolCallId, metadata);
            }
            default -> {
                String content = content(m);
                yield content == null ? null : new AiMessage(r, content, List.of(), null, metadata);
            }
        };
    }

    /** content is required unless tool_calls has at least one call. */
    private static AiMessage assistant(BodyFields m, ObjectNode metadata) {
        List<AiMessage.ToolCall> calls = toolCalls(m);
        if (calls == null) {
            return null;
        }
        if (calls.isEmpty()) {
            String content = content(m);
            return content == null ? null : new AiMessage(AiMessage.Role.ASSISTANT, content, List.of(), null, metadata);
        }
        String content = m.string("content");
        if (m.hasErrorFor("content")) {
            return null;
        }
        return new AiMessage(AiMessage.Role.ASSISTANT, content, calls, null, metadata);
    }

    /** Required text; the empty string is allowed (a turn that said nothing). */
    private static String content(BodyFields m) {
        if (m.present("content") == null) {
            m.reject(m.missing("content"));
            return null;
        }
        return m.string("content");
    }

    /** [{id, type: "function", function: {name, arguments?}}]; empty when absent, null when invalid. */
    private static List<AiMessage.ToolCall> toolCalls(BodyFields m) {
        ArrayNode array = AiFields.array(m, "tool_calls");
        if (array == null) {
            return m.hasErrorFor("tool_calls") ? null : List.of();
        }
        List<AiMessage.ToolCall> calls = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < array.size(); i++) {
            String at = "tool_calls/" + i;
            if (!array.get(i).isObject()) {
                m.reject(ApiError.invalidValue(m.path(at), "Each item of '" + m.label("tool_calls")
                        + "' must be an object {id, type, function}."));
                ok = false;
                continue;
            }
            BodyFields c = m.nested(at, (ObjectNode) array.get(i));
            String id = c.requiredString("id", AiFields.MAX_NAME_LENGTH);
            String type = c.present("type") == null ? null : AiFields.oneOf(c, "type", List.of("function"), null);
            if (c.present("type") == null) {
                c.reject(c.missing("type"));
            }
            ObjectNode function = AiFields.object(c, "function");
            if (function == null && !c.hasErrorFor("function")) {
                c.reject(c.missing("function"));
            }
            String name = null;
            String arguments = null;
            if (function != null) {
                BodyFields fn = c.nested("function", function);
                name = fn.requiredString("name", AiFields.MAX_NAME_LENGTH);
                arguments = arguments(fn);
                ok &= !fn.hasErrorFor("arguments");
            }
            if (id == null || type == null || name == null) {
                ok = false;
                continue;
            }
            calls.add(new AiMessage.ToolCall(id, name, arguments));
        }
        return ok ? calls : null;
    }

    /** arguments: the JSON text OpenAI-style clients send, or the object itself; null when absent. */
    private static String arguments(BodyFields fn) {
        JsonNode n = fn.present("arguments");
        if (n == null) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isObject()) {
            return Json.write(n);
        }
        fn.reject(ApiError.invalidValue(fn.path("arguments"),
                "The value of '" + fn.label("arguments") + "' must be a JSON text or an object."));
        return null;
    }
}
