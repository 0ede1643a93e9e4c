package io.voicegather.server.ai.llm;

import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.ProviderHttp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat model behind an OpenAI-compatible {@code POST {baseUrl}/v1/chat/completions}: Ollama
 * ({@code http://127.0.0.1:11434}), llama.cpp's server, vLLM, OpenAI. Sends the messages (with tool calls and tool
 * answers), the tools offered, and {@code response_format: json_schema} when a schema is asked for; reads
 * {@code choices[0].message} (content and tool calls) and the answering {@code model}. No streaming.
 *
 * <p>Never blocks the caller: the request goes out on the HTTP client's threads and the returned future is completed
 * on this model's small executor. One deadline covers the whole exchange; a failure is a
 * {@link ProviderException} {@code ("llm", ...)}. Thread-safe.
 */
public final class OpenAiChatModel implements LanguageModel, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROVIDER = "llm";

    /**
     * @param baseUrl      server root such as {@code http://127.0.0.1:11434} ({@code /v1/chat/completions} is
     *                     appended)
     * @param apiKey       Bearer token, or null to send no Authorization header
     * @param defaultModel model asked when a request names none
     * @param timeout      limit for one whole request
     */
    public record Config(URI baseUrl, String apiKey, String defaultModel, Duration timeout) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(defaultModel, "defaultModel");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
        }
    }

    private final Config config;
    private final ProviderHttp http;
    /** Numbers tool calls whose server gave no id (some local servers omit it), so tool answers can refer to them. */
    private final AtomicLong generatedIds = new AtomicLong();

    public OpenAiChatModel(Config config) {
        this.config = config;
        this.http = new ProviderHttp(PROVIDER, config.baseUrl(), "/v1/chat/completions", config.apiKey(),
                config.timeout());
    }

    @Override
    public String defaultModel() {
        return config.defaultModel();
    }

    /** The full URL requests go to. */
    public URI endpoint() {
        return http.endpoint();
    }

    @Override
    public CompletableFuture<ChatReply> complete(ChatRequest chat) {
        String model = chat.model() == null || chat.model().isBlank() ? config.defaultModel() : chat.model();
        HttpRequest request;
        try {
            request = http.post("application/json", HttpRequest.BodyPublishers.ofString(
                    requestBody(chat, model).toString(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new ProviderException(PROVIDER, "bad request: " + e.getMessage(), e));
        }
        return http.exchange(request, response -> reply(response, model));
    }

    /** The chat-completions request document (package-visible so tests can check it without a server). */
    static ObjectNode requestBody(ChatRequest chat, String model) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : chat.messages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role());
            if (m.content() == null && !m.toolCalls().isEmpty()) {
                message.putNull("content"); // an assistant turn that only called tools
            } else {
                message.put("content", m.content() == null ? "" : m.content());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (ToolCall call : m.toolCalls()) {
                    ObjectNode c = calls.addObject();
                    c.put("id", call.id());
                    c.put("type", "function");
                    ObjectNode function = c.putObject("function");
                    function.put("name", call.name());
                    function.put("arguments", call.argumentsJson() == null ? "{}" : call.argumentsJson());
                }
            }
            if (m.toolCallId() != null) {
                message.put("tool_call_id", m.toolCallId());
            }
        }
        if (!chat.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition tool : chat.tools()) {
                ObjectNode t = tools.addObject();
                t.put("type", "function");
                ObjectNode function = t.putObject("function");
                function.put("name", tool.name());
                if (tool.description() != null) {
                    function.put("description", tool.description());
                }
                function.set("parameters", tool.parameters() != null ? tool.parameters()
                        : JSON.createObjectNode().put("type", "object").set("properties", JSON.createObjectNode()));
            }
        }
        if (chat.responseJsonSchema() != null) {
            ObjectNode format = body.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode schema = format.putObject("json_schema");
            schema.put("name", "result");
            schema.set("schema", chat.responseJsonSchema());
        }
        body.put("stream", false);
        return body;
    }

    private ChatReply reply(HttpResponse<byte[]> response, String askedModel) {
        JsonNode root = http.json(response);
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) {
            throw http.unreadable("no choices[0].message");
        }
        JsonNode contentNode = message.path("content");
        String content = contentNode.isTextual() ? contentNode.asText() : null;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (!function.path("name").isTextual()) {
                throw http.unreadable("tool call without name");
            }
            JsonNode arguments = function.path("arguments");
            // OpenAI sends the arguments as JSON text; some servers send the object itself.
            String argumentsJson = arguments.isTextual() ? arguments.asText()
                    : arguments.isMissingNode() || arguments.isNull() ? "{}" : arguments.toString();
            String id = call.path("id").isTextual() && !call.get("id").asText().isEmpty() ? call.get("id").asText()
                    : "call_" + generatedIds.incrementAndGet();
            calls.add(new ToolCall(id, function.get("name").asText(), argumentsJson));
        }
        String model = root.path("model").isTextual() && !root.get("model").asText().isBlank()
                ? root.get("model").asText() : askedModel;
        return new ChatReply(content, calls, model);
    }

    /** Stops this model's threads. Call it only once no more answers are awaited. */
    @Override
    public void close() {
        http.close();
    }
}
