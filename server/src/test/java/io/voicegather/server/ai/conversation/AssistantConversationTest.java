package io.voicegather.server.ai.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.command.ai.AiTool;
import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.llm.ChatReply;
import io.voicegather.server.ai.llm.ChatRequest;
import io.voicegather.server.ai.llm.LanguageModel;
import io.voicegather.server.ai.llm.ToolCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The assistant's turns with a scripted model and a real HTTP endpoint behind its webhook tool. */
class AssistantConversationTest {
    final ManualHost host = new ManualHost();
    final Deque<Object> script = new ArrayDeque<>();
    final List<ChatRequest> asked = new ArrayList<>();
    final List<String> toolRequests = new CopyOnWriteArrayList<>();
    HttpServer app;

    final LanguageModel model = new LanguageModel() {
        @Override
        public String defaultModel() {
            return "test-model";
        }

        @Override
        public CompletableFuture<ChatReply> complete(ChatRequest request) {
            asked.add(request);
            Object next = script.poll();
            if (next instanceof ChatReply r) {
                return CompletableFuture.completedFuture(r);
            }
            if (next instanceof CompletableFuture<?> pending) {
                @SuppressWarnings("unchecked")
                CompletableFuture<ChatReply> reply = (CompletableFuture<ChatReply>) pending;
                return reply;
            }
            return CompletableFuture.failedFuture(new ProviderException("llm", "timed out after 10000 ms"));
        }
    };

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop(0);
        }
    }

    Conversation start(List<AiTool> tools, String greeting) {
        ToolBox box = new ToolBox(tools, Map.of("token", "s3cret"),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(5));
        AssistantBrain brain = new AssistantBrain(model, null, "You are a test.", greeting, box,
                List.of(AiMessage.user("earlier words")));
        ConversationSettings settings = new ConversationSettings(true, 10_000, true, false, null, null, 3000,
                ConversationSettings.DEFAULT_FALLBACK_SPEECH);
        Conversation c = new Conversation("a1", brain, host, settings, null, List.of());
        c.start();
        return c;
    }

    void say(Conversation c, String text) {
        host.willHear(text);
        c.onSpeechStarted();
        c.onUtterance(new short[4000]);
    }

    @Test
    void greetsThenAnswersEachTurnWithTheWholeConversationAsContext() {
        Conversation c = start(List.of(), "Hello, how can I help?");
        assertThat(host.said).containsExactly("Hello, how can I help?");
        host.playedOut();
        script.add(new ChatReply("It is sunny.", List.of(), "m1"));
        say(c, "What is the weather?");
        assertThat(host.said.get(1)).isEqualTo("It is sunny.");
        ChatRequest request = asked.get(0);
        assertThat(request.messages()).extracting(m -> m.role() + ": " + m.content()).containsExactly(
                "system: You are a test.", "user: earlier words", "assistant: Hello, how can I help?",
                "user: What is the weather?");
        host.playedOut();
        script.add(new ChatReply("Bye then.", List.of(), "m1"));
        say(c, "Thanks");
        assertThat(asked.get(1).messages()).extracting(m -> m.content()).contains("It is sunny.", "Thanks");
        c.stop("assistant_stop");
        assertThat(host.last("conversation_ended").type()).isEqualTo("conversation_ended:assistant_stop");
        assertThat(host.last("conversation_ended").detail()).isEqualTo("m1");
        assertThat(host.types()).noneMatch(t -> t.startsWith("gather_ended"));
    }

    @Test
    void aWebhookToolMakesARealRequestAndTheModelSpeaksWithItsAnswer() throws IOException {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/orders", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            toolRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            byte[] answer = "{\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        app.start();
        String base = "http://127.0.0.1:" + app.getAddress().getPort();
        ObjectNode path = SlotFillerConversationTest.parse(
                "{\"type\":\"object\",\"properties\":{\"order_id\":{\"type\":\"string\"}},\"required\":[\"order_id\"]}");
        ObjectNode query = SlotFillerConversationTest.parse(
                "{\"type\":\"object\",\"properties\":{\"verbose\":{\"type\":\"boolean\"}}}");
        ObjectNode body = SlotFillerConversationTest.parse(
                "{\"type\":\"object\",\"properties\":{\"note\":{\"type\":\"string\"}}}");
        AiTool.Webhook tool = new AiTool.Webhook("order_status", "Looks up an order", base + "/orders/{order_id}",
                "POST", List.of(new AiTool.Header("Authorization", "Bearer {{token}}")), body, query, path);
        Conversation c = start(List.of(tool), null);
        assertThat(host.said).isEmpty();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);

        script.add(new ChatReply("Let me check.", List.of(new ToolCall("call_1", "order_status",
                "{\"order_id\":\"A 17\",\"verbose\":true,\"note\":\"caller asked\"}")), "m1"));
        script.add(new ChatReply("Your order has shipped.", List.of(), "m1"));
        say(c, "Where is order A 17?");
        // the tool's request runs on the HTTP client's threads; the conversation carries on when it is answered
        await().atMost(Duration.ofSeconds(20)).until(() -> host.said.size() == 1);
        assertThat(toolRequests).containsExactly(
                "POST /orders/A%2017?verbose=true Bearer s3cret {\"note\":\"caller asked\"}");
        assertThat(asked.get(0).tools()).extracting(t -> t.name()).containsExactly("order_status");
        assertThat(asked.get(1).messages()).anyMatch(m -> m.role().equals("tool") && "call_1".equals(m.toolCallId())
                && m.content().equals("{\"status\":\"shipped\"}"));
        assertThat(host.said).containsExactly("Let me check. Your order has shipped.");
    }

    @Test
    void theHangupToolSaysGoodbyeThenEndsTheConversationAndTheCall() {
        Conversation c = start(List.of(new AiTool.Hangup(null)), "Hi.");
        host.playedOut();
        script.add(new ChatReply("Goodbye!", List.of(new ToolCall("h1", "hangup", "{}")), "m1"));
        say(c, "That is all, bye");
        assertThat(host.said.get(1)).isEqualTo("Goodbye!");
        assertThat(host.hungUp).isFalse(); // not before the goodbye was heard
        assertThat(c.interruptibleNow()).isFalse();
        host.playedOut();
        assertThat(host.last("conversation_ended").type()).isEqualTo("conversation_ended:assistant_hangup");
        assertThat(host.hungUp).isTrue();
    }

    @Test
    void injectedMessagesJoinTheContextAndTriggerResponseMakesTheAssistantSpeak() {
        Conversation c = start(List.of(), "Hi.");
        host.playedOut();
        c.addMessages(List.of(new AiMessage(AiMessage.Role.SYSTEM, "The caller is a VIP.", List.of(), null, null)),
                false);
        assertThat(asked).isEmpty();
        script.add(new ChatReply("Welcome back, valued customer.", List.of(), "m1"));
        c.addMessages(List.of(AiMessage.user("(the caller is waiting)")), true);
        assertThat(host.said.get(1)).isEqualTo("Welcome back, valued customer.");
        assertThat(asked.get(0).messages()).extracting(m -> m.role() + ": " + m.content())
                .contains("system: The caller is a VIP.", "user: (the caller is waiting)");
        assertThat(host.last("history").history()).extracting(m -> m.content()).contains("(the caller is waiting)",
                "Welcome back, valued customer.");
    }

    @Test
    void aTriggerThatArrivesWhileTheAssistantThinksTakesItsTurnAfterTheReply() {
        Conversation c = start(List.of(), "Hi.");
        host.playedOut();
        CompletableFuture<ChatReply> slow = new CompletableFuture<>();
        script.add(slow);
        say(c, "Where is my order?");
        assertThat(c.state()).isEqualTo(Conversation.State.THINKING);
        c.addMessages(List.of(new AiMessage(AiMessage.Role.SYSTEM, "The caller is a VIP.", List.of(), null, null)),
                true);
        script.add(new ChatReply("As a VIP you get free delivery.", List.of(), "m1"));
        slow.complete(new ChatReply("It has shipped.", List.of(), "m1"));
        assertThat(host.said).containsExactly("Hi.", "It has shipped.");
        host.playedOut();
        assertThat(host.said).containsExactly("Hi.", "It has shipped.", "As a VIP you get free delivery.");
        assertThat(asked.get(1).messages()).extracting(m -> m.role() + ": " + m.content())
                .endsWith("assistant: It has shipped.", "system: The caller is a VIP.");
    }

    @Test
    void aModelFailureIsApologisedForAndTheConversationGoesOn() {
        Conversation c = start(List.of(), "Hi.");
        host.playedOut();
        say(c, "Hello?"); // nothing scripted: the model fails
        assertThat(SlotFillerConversationTest.lastReply(c)).isEqualTo(AssistantBrain.TROUBLE);
        host.playedAll();
        assertThat(c.state()).isEqualTo(Conversation.State.LISTENING);
        script.add(new ChatReply("Now I can hear you.", List.of(), "m1"));
        say(c, "Hello again");
        assertThat(host.said).last().isEqualTo("Now I can hear you.");
    }

    @Test
    void threeSilencesInARowEndTheAssistantWithoutHangingUp() {
        Conversation c = start(List.of(), "Hi.");
        host.playedOut();
        host.advance(10_000);
        assertThat(host.said.get(1)).isEqualTo(AssistantBrain.SILENT);
        host.playedOut();
        host.advance(10_000);
        host.playedOut();
        host.advance(10_000);
        assertThat(host.last("conversation_ended").type()).isEqualTo("conversation_ended:user_response_timeout");
        assertThat(host.hungUp).isFalse();
    }
}
