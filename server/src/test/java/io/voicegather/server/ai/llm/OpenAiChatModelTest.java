package io.voicegather.server.ai.llm;

import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.FakeAiServer.Reply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The chat-completions client against the fake provider over real loopback HTTP. */
class OpenAiChatModelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeAiServer fake;
    private OpenAiChatModel llm;

    @BeforeEach
    void start() throws Exception {
        fake = FakeAiServer.start();
    }

    @AfterEach
    void stop() {
        if (llm != null) {
            llm.close();
        }
        fake.close();
    }

    private OpenAiChatModel model(String baseUrl, String apiKey, Duration timeout) {
        llm = new OpenAiChatModel(new OpenAiChatModel.Config(URI.create(baseUrl), apiKey, "llama3.1", timeout));
        return llm;
    }

    private static ObjectNode schema(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void sendsTheWholeConversationToolsAndSchemaAndReadsTheReply() throws Exception {
        fake.enqueueChat(Reply.text("What is your date of birth?").withModel("llama3.1:8b-instruct"));
        ObjectNode params = schema("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        ObjectNode result = schema("{\"type\":\"object\",\"properties\":{\"dob\":{\"type\":\"string\",\"format\":\"date\"}}}");
        ChatRequest request = new ChatRequest(null, List.of(
                ChatMessage.system("You collect answers."),
                ChatMessage.user("hi"),
                new ChatMessage("assistant", null, List.of(new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}")), null),
                ChatMessage.tool("call_1", "{\"temp\":3}"),
                ChatMessage.assistant("It is 3 degrees.")),
                List.of(new ToolDefinition("weather", "Weather in a city", params)), result);

        ChatReply reply = model(fake.baseUrl(), "sk-x", Duration.ofSeconds(10)).complete(request).get(10, TimeUnit.SECONDS);

        assertThat(reply.content()).isEqualTo("What is your date of birth?");
        assertThat(reply.toolCalls()).isEmpty();
        assertThat(reply.model()).isEqualTo("llama3.1:8b-instruct");

        FakeAiServer.ChatRequest sent = fake.awaitChatRequest(1, WAIT);
        assertThat(sent.authorization()).isEqualTo("Bearer sk-x");
        JsonNode body = sent.body();
        assertThat(body.path("model").asText()).isEqualTo("llama3.1");   // the default, as the request named none
        assertThat(body.path("stream").asBoolean(true)).isFalse();
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.path(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.path(0).path("content").asText()).isEqualTo("You collect answers.");
        assertThat(messages.path(0).has("tool_calls")).isFalse();
        assertThat(messages.path(0).has("tool_call_id")).isFalse();
        JsonNode assistant = messages.path(2);
        assertThat(assistant.path("content").isNull()).isTrue();
        assertThat(assistant.path("tool_calls").path(0).path("id").asText()).isEqualTo("call_1");
        assertThat(assistant.path("tool_calls").path(0).path("type").asText()).isEqualTo("function");
        assertThat(assistant.path("tool_calls").path(0).path("function").path("name").asText()).isEqualTo("weather");
        assertThat(assistant.path("tool_calls").path(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\":\"Oslo\"}");
        assertThat(messages.path(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.path(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(messages.path(3).path("content").asText()).isEqualTo("{\"temp\":3}");
        JsonNode tool = body.path("tools").path(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("weather");
        assertThat(tool.path("function").path("description").asText()).isEqualTo("Weather in a city");
        assertThat(tool.path("function").path("parameters")).isEqualTo(params);
        JsonNode format = body.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("result");
        assertThat(format.path("json_schema").path("schema")).isEqualTo(result);
    }

    @Test
    void aPlainRequestHasNoToolsNoFormatAndNoKeyAndNamesItsModel() throws Exception {
        ChatReply reply = model(fake.baseUrl(), null, Duration.ofSeconds(10))
                .complete(new ChatRequest("qwen2.5:7b", List.of(ChatMessage.user("hi")), null, null))
                .get(10, TimeUnit.SECONDS);
        assertThat(reply.content()).isEqualTo("OK");
        assertThat(reply.model()).isEqualTo("qwen2.5:7b");
        FakeAiServer.ChatRequest sent = fake.awaitChatRequest(1, WAIT);
        assertThat(sent.model()).isEqualTo("qwen2.5:7b");
        assertThat(sent.body().has("tools")).isFalse();
        assertThat(sent.body().has("response_format")).isFalse();
        assertThat(sent.authorization()).isNull();
        assertThat(llm.defaultModel()).isEqualTo("llama3.1");
        assertThat(llm.endpoint()).isEqualTo(URI.create(fake.baseUrl() + "/v1/chat/completions"));
    }

    @Test
    void readsToolCallsInOrderWithTheirArgumentText() throws Exception {
        fake.enqueueChat(Reply.toolCalls(new ToolCall("call_a", "save", "{\"dob\":\"1990-03-05\"}"),
                new ToolCall("call_b", "hangup", "{}")));
        ChatReply reply = model(fake.baseUrl(), null, Duration.ofSeconds(10))
                .complete(new ChatRequest(null, List.of(ChatMessage.user("done")), null, null)).get(10, TimeUnit.SECONDS);
        assertThat(reply.content()).isNull();
        assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_a", "save", "{\"dob\":\"1990-03-05\"}"),
                new ToolCall("call_b", "hangup", "{}"));
    }

    @Test
    void jsonContentComesBackAsText() throws Exception {
        fake.enqueueChat(Reply.json("{\"dob\":\"1990-03-05\"}"));
        ChatReply reply = model(fake.baseUrl(), null, Duration.ofSeconds(10))
                .complete(new ChatRequest(null, List.of(ChatMessage.user("x")), null,
                        schema("{\"type\":\"object\"}"))).get(10, TimeUnit.SECONDS);
        assertThat(JSON.readTree(reply.content()).path("dob").asText()).isEqualTo("1990-03-05");
    }

    @Test
    void argumentsGivenAsAnObjectAndMissingIdsAreTolerated() throws Exception {
        // Some local servers send arguments as a JSON object and leave out the call id.
        fake.enqueueChat(Reply.raw("{\"model\":\"local\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"name\":\"save\",\"arguments\":{\"n\":1}}},"
                + "{\"function\":{\"name\":\"end\"}}]}}]}"));
        ChatReply reply = model(fake.baseUrl(), null, Duration.ofSeconds(10))
                .complete(new ChatRequest(null, List.of(ChatMessage.user("x")), null, null)).get(10, TimeUnit.SECONDS);
        assertThat(reply.toolCalls()).hasSize(2);
        assertThat(reply.toolCalls().get(0).name()).isEqualTo("save");
        assertThat(JSON.readTree(reply.toolCalls().get(0).argumentsJson()).path("n").asInt()).isEqualTo(1);
        assertThat(reply.toolCalls().get(1).argumentsJson()).isEqualTo("{}");
        assertThat(reply.toolCalls().get(0).id()).isNotBlank().isNotEqualTo(reply.toolCalls().get(1).id());
        assertThat(reply.model()).isEqualTo("local");
    }

    @Test
    void anHttpErrorFailsWithStatusUrlAndReason() {
        fake.enqueueChat(Reply.status(404, "{\"error\":\"model \\\"llama3.1\\\" not found, try pulling it first\"}"));
        ProviderException e = failure(model(fake.baseUrl(), null, Duration.ofSeconds(10))
                .complete(new ChatRequest(null, List.of(ChatMessage.user("x")), null, null)));
        assertThat(e.provider()).isEqualTo("llm");
        assertThat(e.getMessage()).isEqualTo("llm: HTTP 404 from " + fake.baseUrl()
                + "/v1/chat/completions: model \"llama3.1\" not found, try pulling it first");
    }

    @Test
    void a500AndGarbageAndAnAnswerWithoutChoicesFail() {
        fake.enqueueChat(Reply.status(500), Reply.raw("not json at all"), Reply.raw("{\"object\":\"error\"}"));
        OpenAiChatModel client = model(fake.baseUrl(), null, Duration.ofSeconds(10));
        ChatRequest request = new ChatRequest(null, List.of(ChatMessage.user("x")), null, null);
        assertThat(failure(client.complete(request)).getMessage()).startsWith("llm: HTTP 500 from http://127.0.0.1:");
        assertThat(failure(client.complete(request)).getMessage()).startsWith("llm: unreadable answer from");
        assertThat(failure(client.complete(request)).getMessage()).endsWith("(no choices[0].message)");
    }

    @Test
    void aSlowServerTimesOutAndCompletionIsOffTheCallersThread() throws Exception {
        fake.enqueueChat(Reply.text("late").delayed(Duration.ofSeconds(6)));
        // The limit leaves the test thread ample time to attach its callback before the request can fail, even on
        // a loaded machine: a callback attached to a completed future would run on the test thread itself.
        OpenAiChatModel client = model(fake.baseUrl(), null, Duration.ofMillis(2000));
        long start = System.nanoTime();
        CompletableFuture<ChatReply> future = client.complete(new ChatRequest(null, List.of(ChatMessage.user("x")),
                null, null));
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<?> after = future.whenComplete((r, e) -> thread.set(Thread.currentThread().getName()));
        assertThat(future).as("still waiting when the callback was attached").isNotDone();
        // Wait on the callback's own future, not on `future`: a thread blocked in future.get() helps run future's
        // callbacks once it wakes, so the callback could then run on the test thread.
        catchThrowable(() -> after.get(15, TimeUnit.SECONDS));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(thread.get()).startsWith("llm-http");
        ProviderException e = failure(future);
        assertThat(e.getMessage()).isEqualTo("llm: timed out after 2000 ms");
        assertThat(tookMs).isGreaterThanOrEqualTo(1900).isLessThan(5500);
    }

    @Test
    void aRefusedConnectionSaysTheServerIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        ProviderException e = failure(model("http://127.0.0.1:" + port, null, Duration.ofSeconds(5))
                .complete(new ChatRequest(null, List.of(ChatMessage.user("x")), null, null)));
        assertThat(e.getMessage()).isEqualTo("llm: unreachable: http://127.0.0.1:" + port + "/v1/chat/completions");
    }

    @Test
    void theRequestDocumentOmitsEmptyPartsAndKeepsContentForPlainMessages() {
        ObjectNode body = OpenAiChatModel.requestBody(new ChatRequest(null,
                List.of(new ChatMessage("user", null, List.of(), null)), List.of(), null), "m");
        assertThat(body.path("messages").path(0).path("content").asText()).isEmpty();
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("response_format")).isFalse();
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        Throwable t = catchThrowable(() -> future.get(15, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) t.getCause();
    }
}
