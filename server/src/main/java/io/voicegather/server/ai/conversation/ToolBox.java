package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiTool;
import io.voicegather.api.json.Json;
import io.voicegather.server.ai.llm.ChatMessage;
import io.voicegather.server.ai.llm.ToolCall;
import io.voicegather.server.ai.llm.ToolDefinition;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An assistant's tools as the language model sees them, and running them: {@code webhook} tools make a real HTTP
 * request to the application; {@code hangup} is reported back so the conversation can end the call. Other tool
 * types are accepted by the API but not offered to the model.
 */
public final class ToolBox {
    static final int MAX_TOOL_ANSWER_CHARS = 4000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private final List<AiTool> tools;
    private final Map<String, String> variables;
    private final HttpClient http;
    private final Duration timeout;
    /** What the model is offered; the tools never change, so it is built once. */
    private final List<ToolDefinition> definitions;

    /** @param variables the dynamic variables, for {@code {{name}}} in header values */
    public ToolBox(List<AiTool> tools, Map<String, String> variables, HttpClient http, Duration timeout) {
        this.tools = tools == null ? List.of() : List.copyOf(tools);
        this.variables = variables;
        this.http = http;
        this.timeout = timeout;
        this.definitions = buildDefinitions();
    }

    public List<ToolDefinition> definitions() {
        return definitions;
    }

    private List<ToolDefinition> buildDefinitions() {
        List<ToolDefinition> out = new ArrayList<>();
        for (AiTool tool : tools) {
            if (tool instanceof AiTool.Hangup h) {
                out.add(new ToolDefinition("hangup", h.description() == null ? AiTool.Hangup.DEFAULT_DESCRIPTION
                        : h.description(), emptyObjectSchema()));
            } else if (tool instanceof AiTool.Webhook w) {
                out.add(new ToolDefinition(w.name(), w.description(), webhookArguments(w)));
            }
        }
        return List.copyOf(out);
    }

    public boolean isHangup(ToolCall call) {
        return "hangup".equals(call.name()) && tools.stream().anyMatch(t -> t instanceof AiTool.Hangup);
    }

    /**
     * Runs the webhook tools one after the other and adds each answer to {@code log} as its tool message, in the
     * order of {@code calls}: one writer at a time, so the log needs no lock and the model sees a stable order.
     */
    CompletableFuture<Void> runEach(List<ToolCall> calls, ChatLog log) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (ToolCall call : calls) {
            all = all.thenCompose(v -> run(call)).thenAccept(result -> log.add(ChatMessage.tool(call.id(), result)));
        }
        return all;
    }

    /** Runs a webhook tool; the future always completes with the text to give the model (errors included). */
    public CompletableFuture<String> run(ToolCall call) {
        AiTool.Webhook hook = null;
        for (AiTool tool : tools) {
            if (tool instanceof AiTool.Webhook w && w.name().equals(call.name())) {
                hook = w;
            }
        }
        if (hook == null) {
            return CompletableFuture.completedFuture("error: there is no tool named " + call.name());
        }
        ObjectNode args;
        try {
            JsonNode parsed = call.argumentsJson() == null || call.argumentsJson().isBlank() ? Json.object()
                    : Json.MAPPER.readTree(call.argumentsJson());
            args = parsed instanceof ObjectNode o ? o : Json.object();
        } catch (Exception e) {
            return CompletableFuture.completedFuture("error: the arguments are not a JSON object");
        }
        HttpRequest request;
        try {
            request = request(hook, args);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture("error: " + e.getMessage());
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                return "error: the request failed (" + rootMessage(error) + ")";
            }
            String body = response.body() == null ? "" : response.body();
            if (body.length() > MAX_TOOL_ANSWER_CHARS) {
                body = body.substring(0, MAX_TOOL_ANSWER_CHARS);
            }
            return response.statusCode() / 100 == 2 ? body : "error: HTTP " + response.statusCode() + ": " + body;
        });
    }

    private HttpRequest request(AiTool.Webhook hook, ObjectNode args) {
        String url = fillPath(hook.url(), args);
        String query = query(args, hook.queryParameters());
        if (!query.isEmpty()) {
            url = url + (url.contains("?") ? "&" : "?") + query;
        }
        String method = hook.method() == null ? "POST" : hook.method();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        for (AiTool.Header h : hook.headers()) {
            b.header(h.name(), fillVariables(h.value()));
        }
        ObjectNode body = pick(args, hook.bodyParameters());
        boolean hasBody = !method.equals("GET") && !method.equals("DELETE");
        if (hasBody) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /** The model fills one flat object; each argument goes where the tool's schemas list it. */
    private static ObjectNode webhookArguments(AiTool.Webhook w) {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        var required = schema.putArray("required");
        for (ObjectNode part : new ObjectNode[] {w.pathParameters(), w.queryParameters(), w.bodyParameters()}) {
            if (part == null) {
                continue;
            }
            part.path("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
            part.path("required").forEach(required::add);
        }
        return schema;
    }

    private static ObjectNode emptyObjectSchema() {
        ObjectNode schema = Json.object();
        schema.put("type", "object");
        schema.putObject("properties");
        return schema;
    }

    private static String fillPath(String url, ObjectNode args) {
        Matcher m = PLACEHOLDER.matcher(url);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            JsonNode v = args.get(m.group(1));
            String value = v == null || v.isNull() ? "" : v.asText();
            m.appendReplacement(sb, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)
                    .replace("+", "%20")));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String query(ObjectNode args, ObjectNode querySchema) {
        if (querySchema == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        Iterator<String> names = querySchema.path("properties").fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode v = args.get(name);
            if (v == null || v.isNull()) {
                continue;
            }
            sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v.asText(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static ObjectNode pick(ObjectNode args, ObjectNode bodySchema) {
        ObjectNode body = Json.object();
        if (bodySchema == null) {
            return body;
        }
        bodySchema.path("properties").fieldNames().forEachRemaining(name -> {
            if (args.has(name)) {
                body.set(name, args.get(name));
            }
        });
        return body;
    }

    private String fillVariables(String text) {
        return text == null ? "" : Templates.fill(text, variables);
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
