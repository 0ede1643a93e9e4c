package io.voicegather.server.ai.llm;

import io.voicegather.server.ai.ProviderException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final URI endpoint;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;
    private final HttpClient client;
    /** Numbers tool calls whose server gave no id (some local servers omit it), so tool answers can refer to them. */
    private final AtomicLong generatedIds = new AtomicLong();

    public OpenAiChatModel(Config config) {
        this.config = config;
        this.endpoint = URI.create(config.baseUrl().toString().replaceAll("/+$", "") + "/v1/chat/completions");
        this.executor = Executors.newCachedThreadPool(daemonThreads("llm-http"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("llm-deadline"));
        timer.setRemoveOnCancelPolicy(true);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with plain-http local servers
                .connectTimeout(config.timeout())
                .executor(executor)
                .build();
    }

    @Override
    public String defaultModel() {
        return config.defaultModel();
    }

    /** The full URL requests go to. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<ChatReply> complete(ChatRequest chat) {
        CompletableFuture<ChatReply> result = new CompletableFuture<>();
        String model = chat.model() == null || chat.model().isBlank() ? config.defaultModel() : chat.model();
        HttpRequest request;
        try {
            request = request(requestBody(chat, model));
        } catch (RuntimeException e) {
            result.completeExceptionally(new ProviderException(PROVIDER, "bad request: " + e.getMessage(), e));
            return result;
        }
        long millis = config.timeout().toMillis();
        CompletableFuture<HttpResponse<byte[]>> http;
        ScheduledFuture<?> deadline;
        try {
            http = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            deadline = timer.schedule(() -> executor.execute(() -> {
                if (result.completeExceptionally(new ProviderException(PROVIDER, "timed out after " + millis + " ms"))) {
                    http.cancel(true);
                }
            }), millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) { // the executors were shut down by close()
            result.completeExceptionally(new ProviderException(PROVIDER, "closed", e));
            return result;
        }
        http.whenCompleteAsync((response, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                result.completeExceptionally(failure(failure, millis));
                return;
            }
            try {
                result.complete(reply(response, model));
            } catch (ProviderException e) {
                result.completeExceptionally(e);
            }
        }, executor);
        return result;
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

    private HttpRequest request(ObjectNode body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            builder.header("Authorization", "Bearer " + config.apiKey());
        }
        return builder.build();
    }

    private ChatReply reply(HttpResponse<byte[]> response, String askedModel) {
        byte[] body = response.body();
        if (response.statusCode() / 100 != 2) {
            throw new ProviderException(PROVIDER, "HTTP " + response.statusCode() + " from " + endpoint
                    + errorDetail(body));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ProviderException(PROVIDER, "unreadable answer from " + endpoint, e);
        }
        JsonNode message = root == null ? null : root.path("choices").path(0).path("message");
        if (message == null || !message.isObject()) {
            throw new ProviderException(PROVIDER, "unreadable answer from " + endpoint + " (no choices[0].message)");
        }
        JsonNode contentNode = message.path("content");
        String content = contentNode.isTextual() ? contentNode.asText() : null;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            if (!function.path("name").isTextual()) {
                throw new ProviderException(PROVIDER, "unreadable answer from " + endpoint + " (tool call without name)");
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

    private ProviderException failure(Throwable failure, long millis) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof HttpTimeoutException) {
            return new ProviderException(PROVIDER, "timed out after " + millis + " ms", t);
        }
        if (t instanceof ConnectException) {
            return new ProviderException(PROVIDER, "unreachable: " + endpoint, t);
        }
        if (t instanceof IOException) {
            return new ProviderException(PROVIDER, "request to " + endpoint + " failed: " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : " " + t.getMessage()), t);
        }
        return ProviderException.of(PROVIDER, t);
    }

    /** A short, single-line reason from an error answer: OpenAI's error.message, a plain error or detail string. */
    private static String errorDetail(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null) {
                JsonNode error = root.path("error");
                if (error.path("message").isTextual()) {
                    text = error.get("message").asText();
                } else if (error.isTextual()) {
                    text = error.asText();
                } else if (root.path("detail").isTextual()) {
                    text = root.get("detail").asText();
                }
            }
        } catch (IOException e) {
            // not JSON: the raw text is the reason
        }
        text = text.replaceAll("\\s+", " ").strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > 120 ? text.substring(0, 120) + "…" : text);
    }

    /** Stops this model's threads. Call it only once no more answers are awaited. */
    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
