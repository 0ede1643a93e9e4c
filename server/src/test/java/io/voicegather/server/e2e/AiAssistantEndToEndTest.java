package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AI assistant on a real SIP call: a SIPp phone speaks two espeak-ng sentences; a fake language model answers
 * the first with a webhook tool (a real HTTP request to the application), takes an injected message with
 * trigger_response, and answers the second with the hangup tool, which ends the conversation and the call. The
 * assistant (instructions, variables, tools) comes from the assistants file; the command names it by id and
 * overrides one variable.
 */
class AiAssistantEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path serverDir;
    E2eServer server;
    FakeAiServer providers;
    HttpServer app;
    final List<String> toolRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void peers() {
        Sipp.requirePcapPlayback();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.assertAllSignaturesValid();
            server.close();
        }
        if (providers != null) {
            providers.close();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    /**
     * The second sentence comes long after the first, so that the turn add_messages triggers (taken once the tool's
     * answer has been said) is over before the caller speaks again, even on a slow machine.
     */
    static io.voicegather.server.e2e.peers.RtpPcapWriter callerPcap() throws Exception {
        return new io.voicegather.server.e2e.peers.RtpPcapWriter().silence(SippCaller.LEAD_MS + 500)
                .audio(io.voicegather.server.e2e.peers.G711.encodeMuLaw(
                        io.voicegather.server.ai.vad.SpeechClips.speak("en-us", "where is my order")))
                .silence(12_000)
                .audio(io.voicegather.server.e2e.peers.G711.encodeMuLaw(
                        io.voicegather.server.ai.vad.SpeechClips.speak("en-us", "thank you goodbye")))
                .silence(AiGatherEndToEndTest.ANSWER_GAP_MS);
    }

    @Test
    void multiTurnConversationWithAWebhookToolInjectedMessagesAndTheHangupTool() throws Exception {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/orders/", exchange -> {
            toolRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Shop-Key"));
            byte[] answer = "{\"status\":\"shipped\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        app.start();
        providers = FakeAiServer.start();
        providers.enqueueTranscripts("where is my order", "thank you goodbye");
        providers.onChat(request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            String role = last.path("role").asText();
            String content = last.path("content").asText("");
            if (role.equals("tool")) {
                return FakeAiServer.Reply.text("Your order has " + (content.contains("shipped") ? "shipped." : "a problem."));
            }
            if (role.equals("system") && content.contains("VIP")) {
                return FakeAiServer.Reply.text("As a VIP you also get free delivery.");
            }
            if (content.contains("order")) {
                return FakeAiServer.Reply.toolCall("order_status", "{\"order_id\":\"A17\"}");
            }
            if (content.contains("goodbye")) {
                return FakeAiServer.Reply.text("Goodbye!").withToolCalls(
                        new io.voicegather.server.ai.llm.ToolCall("h1", "hangup", "{}"));
            }
            return FakeAiServer.Reply.text("How can I help?");
        });
        // The assistant is defined in the assistants file; the command names it and overrides one variable.
        String shop = "http://127.0.0.1:" + app.getAddress().getPort();
        Path assistantsFile = dir.resolve("assistants.json");
        Files.writeString(assistantsFile, """
                {"assistants": [
                  {"id":"support","name":"Support","instructions":"You help {{customer}} with orders.",
                   "dynamic_variables":{"customer":"whoever calls","key":"k-42"},
                   "tools":[
                     {"type":"webhook","webhook":{"name":"order_status","description":"Looks up an order",
                       "url":"%s/orders/{order_id}","method":"GET",
                       "headers":[{"name":"X-Shop-Key","value":"{{key}}"}],
                       "path_parameters":{"type":"object","properties":{"order_id":{"type":"string"}},
                                          "required":["order_id"]}}},
                     {"type":"hangup","hangup":{"description":"Ends the call"}}]}]}""".formatted(shop));
        server = E2eServer.start(serverDir, 8, "--stt-url", providers.baseUrl(), "--llm-url", providers.baseUrl(),
                "--llm-model", "fake-llm", "--assistants-file", assistantsFile.toString());
        ObjectNode assistant = (ObjectNode) JSON.readTree(
                "{\"id\":\"support\",\"dynamic_variables\":{\"customer\":\"Ada\"}}");

        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "assistant",
                callerPcap())) {
            String id = server.awaitInitiated("assistant").callControlId();
            server.answer(id);
            ApiClient.Response unknown = server.action(id, "ai_assistant_start",
                    body().set("assistant", JSON.readTree("{\"id\":\"nobody\"}")));
            assertThat(unknown.status()).isEqualTo(422);
            assertThat(unknown.body()).contains("/assistant/id", "No assistant with id 'nobody'");

            ApiClient.Response started = server.action(id, "ai_assistant_start", body()
                    .<ObjectNode>set("assistant", assistant).put("greeting", "Hello {{customer}}, this is support.")
                    .put("send_message_history_updates", true));
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            String conversationId = started.json().path("data").path("conversation_id").asText();

            ApiClient.Response again = server.action(id, "ai_assistant_start", body().set("assistant", assistant));
            assertThat(again.status()).isEqualTo(422);
            assertThat(E2eServer.errorCode(again)).isEqualTo("90061");

            // after the tool's answer has been turned into words, the application adds a message and asks for a turn
            providers.awaitChatRequest(2, Duration.ofSeconds(30));
            server.command(id, "ai_assistant_add_messages", body().put("trigger_response", true).set("messages",
                    JSON.readTree("[{\"role\":\"system\",\"content\":\"The caller is a VIP customer.\"}]")));

            WebhookReceiver.Event ended = server.await("call.conversation.ended", id);
            assertThat(ended.payload().path("reason").asText()).isEqualTo("assistant_hangup");
            assertThat(ended.payload().path("conversation_id").asText()).isEqualTo(conversationId);
            assertThat(ended.payload().path("assistant_id").asText()).isEqualTo("support");
            assertThat(ended.payload().path("llm_model").asText()).isEqualTo("fake-llm");
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("callee");
            SippCaller.assertSucceeded(phone.await(), 1); // the phone got our BYE

            assertThat(toolRequests).containsExactly("GET /orders/A17 k-42");
            JsonNode first = providers.chatRequests().get(0).messages();
            assertThat(first.get(0).path("content").asText()).isEqualTo("You help Ada with orders.");
            assertThat(first.get(1).path("content").asText()).isEqualTo("Hello Ada, this is support.");
            assertThat(first.get(2).path("content").asText()).isEqualTo("where is my order");
            List<String> spoken = providers.chatRequests().stream()
                    .map(r -> r.lastContent("assistant")).toList();
            assertThat(spoken).contains("Your order has shipped.", "As a VIP you also get free delivery.");
            List<WebhookReceiver.Event> updates = server.events(id, "call.ai_gather.message_history_updated");
            JsonNode lastHistory = updates.get(updates.size() - 1).payload().path("message_history");
            assertThat(AiGatherEndToEndTest.history(updates.get(updates.size() - 1).payload())).containsSubsequence(
                    "assistant: Hello Ada, this is support.", "user: where is my order",
                    "assistant: Your order has shipped.", "assistant: As a VIP you also get free delivery.",
                    "user: thank you goodbye", "assistant: Goodbye!");
            assertThat(lastHistory.size()).isGreaterThanOrEqualTo(6);
        }
    }

    /**
     * Keys are the caller's turn: the phone presses "42#" a few seconds after the greeting started; the fake model
     * is sent "Keypad: 42#" as the user's message and answers with words and the hangup tool; those words go to the
     * speech server and are played before our BYE. The keys are still reported as call.dtmf.received.
     */
    @Test
    void keysPressedDuringTheConversationAreTheCallersTurn() throws Exception {
        providers = FakeAiServer.start();
        providers.onChat(request -> {
            JsonNode messages = request.path("messages");
            String content = messages.get(messages.size() - 1).path("content").asText("");
            if (content.startsWith("Keypad: ")) {
                String number = content.substring("Keypad: ".length()).replace("#", "");
                return FakeAiServer.Reply.text("Order " + number + " has shipped. Goodbye!").withToolCalls(
                        new io.voicegather.server.ai.llm.ToolCall("h1", "hangup", "{}"));
            }
            return FakeAiServer.Reply.text("Please use the keypad.");
        });
        server = E2eServer.start(serverDir, 8, "--stt-url", providers.baseUrl(), "--llm-url", providers.baseUrl(),
                "--tts-url", providers.baseUrl(), "--llm-model", "fake-llm");
        // the greeting takes about 3 s to say; the keys come 5 s after the lead, with a margin for a slow start
        io.voicegather.server.e2e.peers.RtpPcapWriter keys = SippCaller.keys().silence(5000).digits("42#")
                .silence(AiGatherEndToEndTest.ANSWER_GAP_MS);
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "assistantkeys", keys)) {
            String id = server.awaitInitiated("assistantkeys").callControlId();
            server.answer(id);
            ApiClient.Response started = server.action(id, "ai_assistant_start", body()
                    .put("greeting", "Hello, type your order number, then press pound.")
                    .put("send_message_history_updates", true)
                    .set("assistant", JSON.readTree("""
                            {"id":"orders","instructions":"You look up orders. Keypad input arrives as 'Keypad: <keys>'.",
                             "voice_settings":{"voice":"Telnyx.KokoroTTS.am_adam","voice_speed":1.5},
                             "tools":[{"type":"hangup","hangup":{"description":"Ends the call"}}]}""")));
            assertThat(started.status()).as(started.body()).isEqualTo(200);

            WebhookReceiver.Event ended = server.await("call.conversation.ended", id);
            assertThat(ended.payload().path("reason").asText()).isEqualTo("assistant_hangup");
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1); // the phone got our BYE

            assertThat(providers.chatRequests()).hasSize(1);
            JsonNode sent = providers.chatRequests().get(0).messages();
            JsonNode turn = sent.get(sent.size() - 1);
            assertThat(turn.path("role").asText()).isEqualTo("user");
            assertThat(turn.path("content").asText()).isEqualTo("Keypad: 42#");
            assertThat(providers.speechRequests()).extracting(FakeAiServer.SpeechRequest::input)
                    .anyMatch(text -> text.contains("Order 42 has shipped."));
            // the voice the SDKs send, assistant.voice_settings: a male Kokoro voice at 1.5 times the speed
            assertThat(providers.speechRequests()).allSatisfy(r -> {
                assertThat(r.voice()).as("--tts-male-voice").isEqualTo("onyx");
                assertThat(r.body().path("speed").asDouble()).isEqualTo(1.5);
            });
            assertThat(server.dtmfDigits(id)).isEqualTo("42#");
            List<WebhookReceiver.Event> updates = server.events(id, "call.ai_gather.message_history_updated");
            assertThat(AiGatherEndToEndTest.history(updates.get(updates.size() - 1).payload())).containsExactly(
                    "assistant: Hello, type your order number, then press pound.", "user: Keypad: 42#",
                    "assistant: Order 42 has shipped. Goodbye!");
        }
    }
}
