package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.ai.vad.SpeechClips;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.G711;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide's {@code gather_using_ai} example on real SIP calls: a SIPp phone speaks espeak-ng answers (through
 * G.711, with silences), the server cuts them with its voice activity detector and sends them to a fake
 * OpenAI-compatible recogniser; a fake language model leads the gather; then the same gather with no language model
 * (the deterministic slot filler) and with no provider at all (keypad answers).
 */
class AiGatherEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The guide's example: parameters with properties, required and type. */
    static final String GUIDE_PARAMETERS = """
            {"properties":{"age":{"type":"integer","description":"Your age"},
                           "city":{"type":"string","description":"Your city"}},
             "required":["age","city"],"type":"object"}""";
    /** Between the caller's answers: room for transcription, the model and the next question on a loaded machine. */
    static final int ANSWER_GAP_MS = 6000;

    @TempDir
    Path dir;
    @TempDir
    Path serverDir;
    E2eServer server;
    FakeAiServer providers;

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
    }

    /** Lead silence, then each answer spoken by espeak-ng, each followed by a long silence. */
    static RtpPcapWriter saying(String... answers) throws Exception {
        RtpPcapWriter pcap = new RtpPcapWriter().silence(SippCaller.LEAD_MS + 500);
        for (String answer : answers) {
            pcap.audio(G711.encodeMuLaw(SpeechClips.speak("en-us", answer))).silence(ANSWER_GAP_MS);
        }
        return pcap;
    }

    @Test
    void guideExampleWithAFakeRecogniserAndLanguageModel() throws Exception {
        providers = FakeAiServer.start();
        providers.enqueueTranscripts("I am twenty nine", "Paris");
        providers.onChat(request -> {
            JsonNode messages = request.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            String said = last.path("content").asText("");
            if (last.path("role").asText().equals("tool")) {
                return FakeAiServer.Reply.text(said.contains("city") ? "And which city do you live in?" : "Thanks.");
            }
            if (said.contains("twenty nine")) {
                return FakeAiServer.Reply.toolCall("save_answers", "{\"age\":29}");
            }
            if (said.contains("Paris")) {
                return FakeAiServer.Reply.toolCall("save_answers", "{\"city\":\"Paris\"}");
            }
            return FakeAiServer.Reply.text("How old are you?");
        });
        server = E2eServer.start(serverDir, 8, "--stt-url", providers.baseUrl(), "--llm-url", providers.baseUrl(),
                "--llm-model", "fake-llm");
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "aigather",
                saying("I am twenty nine", "Paris"))) {
            String id = answered("aigather");
            ApiClient.Response started = server.action(id, "gather_using_ai", body()
                    .<ObjectNode>set("parameters", JSON.readTree(GUIDE_PARAMETERS))
                    .put("greeting", "Hello.").put("gather_ended_speech", "Thank you.")
                    .put("send_partial_results", true).put("send_message_history_updates", true));
            assertThat(started.status()).as(started.body()).isEqualTo(200);
            String conversationId = started.json().path("data").path("conversation_id").asText();
            assertThat(conversationId).isNotBlank();

            WebhookReceiver.Event ended = server.await("call.ai_gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("result")).isEqualTo(JSON.readTree("{\"age\":29,\"city\":\"Paris\"}"));
            assertThat(history(ended.payload())).containsExactly(
                    "assistant: Hello. How old are you?", "user: I am twenty nine",
                    "assistant: And which city do you live in?", "user: Paris", "assistant: Thank you.");
            List<WebhookReceiver.Event> partials = server.events(id, "call.ai_gather.partial_results");
            assertThat(partials).extracting(e -> e.payload().path("partial_results").toString())
                    .containsExactly("{\"age\":29}", "{\"city\":\"Paris\"}");
            assertThat(server.events(id, "call.ai_gather.message_history_updated")).isNotEmpty();

            WebhookReceiver.Event conversation = server.await("call.conversation.ended", id);
            assertThat(conversation.payload().path("conversation_id").asText()).isEqualTo(conversationId);
            assertThat(conversation.payload().path("reason").asText()).isEqualTo("gather_completed");
            assertThat(conversation.payload().path("llm_model").asText()).isEqualTo("fake-llm");
            assertThat(conversation.payload().path("stt_model").asText()).isEqualTo("whisper-1");
            assertThat(conversation.root().path("data").path("created_at").asText()).isNotBlank();
            assertThat(server.events(id).indexOf(ended)).isLessThan(server.events(id).indexOf(conversation));

            // what reached the recogniser is the caller's speech, cut into one utterance per answer
            assertThat(providers.sttRequests()).hasSize(2);
            for (FakeAiServer.SttRequest r : providers.sttRequests()) {
                assertThat(r.sampleRate()).isEqualTo(8000);
                assertThat(r.durationMillis()).isBetween(600L, 4000L);
                assertThat(r.language()).isEqualTo("en");
            }
            finish(id, phone);
        }
    }

    @Test
    void guideExampleWithTheDeterministicSlotFiller() throws Exception {
        providers = FakeAiServer.start();
        providers.enqueueTranscripts("um I'm twenty nine", "it's Paris");
        server = E2eServer.start(serverDir, 8, "--stt-url", providers.baseUrl());
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "slotgather",
                saying("I am twenty nine", "Paris"))) {
            String id = answered("slotgather");
            server.command(id, "gather_using_ai", body().set("parameters", JSON.readTree(GUIDE_PARAMETERS)));

            WebhookReceiver.Event ended = server.await("call.ai_gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("result")).isEqualTo(JSON.readTree("{\"age\":29,\"city\":\"Paris\"}"));
            assertThat(history(ended.payload())).containsExactly("assistant: What is your age?",
                    "user: um I'm twenty nine", "assistant: What is your city?", "user: it's Paris");
            WebhookReceiver.Event conversation = server.await("call.conversation.ended", id);
            assertThat(conversation.payload().has("llm_model")).as("left out, not null").isFalse();
            assertThat(providers.chatRequests()).isEmpty();
            finish(id, phone);
        }
    }

    @Test
    void withNoProviderAtAllKeypadFieldsAreGatheredAndSpokenOnesRefused() throws Exception {
        server = E2eServer.start(serverDir, 8);
        RtpPcapWriter keys = SippCaller.keys().silence(3000).digits("29#").silence(5000).digits("1");
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "keypadgather", keys)) {
            String id = answered("keypadgather");
            ApiClient.Response refused = server.action(id, "gather_using_ai",
                    body().set("parameters", JSON.readTree(GUIDE_PARAMETERS)));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body()).contains("--stt-url").contains("--vosk-model");

            server.command(id, "gather_using_ai", body().put("user_response_timeout_ms", 20000).set("parameters",
                    JSON.readTree("""
                            {"type":"object","properties":{
                               "age":{"type":"integer","description":"Your age"},
                               "member":{"type":"boolean","description":"Are you a member?"}},
                             "required":["age","member"]}""")));
            WebhookReceiver.Event ended = server.await("call.ai_gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("result")).isEqualTo(JSON.readTree("{\"age\":29,\"member\":true}"));
            assertThat(history(ended.payload())).contains("user: 29", "user: 1");
            assertThat(server.await("call.conversation.ended", id).payload().has("stt_model")).isFalse();
            finish(id, phone);
        }
    }

    @Test
    void hangupMidGatherEndsItWithAWebhook() throws Exception {
        providers = FakeAiServer.start();
        server = E2eServer.start(serverDir, 8, "--stt-url", providers.baseUrl());
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "hangupgather",
                SippCaller.keys().digits("1"))) {
            String id = answered("hangupgather");
            server.command(id, "gather_using_ai", body().set("parameters", JSON.readTree(GUIDE_PARAMETERS)));
            server.awaitDigit(id, '1'); // SIPp is past its post-ACK pause: our BYE is expected now
            server.hangup(id);
            WebhookReceiver.Event ended = server.await("call.ai_gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("invalid");
            assertThat(ended.payload().path("status_detail").asText()).contains("call_hangup");
            assertThat(server.await("call.conversation.ended", id).payload().path("reason").asText())
                    .isEqualTo("call_hangup");
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
        }
    }

    static List<String> history(JsonNode payload) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : payload.path("message_history")) {
            out.add(m.path("role").asText() + ": " + m.path("content").asText());
        }
        return out;
    }

    private String answered(String caller) throws Exception {
        String id = server.awaitInitiated(caller).callControlId();
        server.answer(id);
        return id;
    }

    private void finish(String id, Sipp.Running phone) throws Exception {
        server.hangup(id);
        server.await("call.hangup", id);
        SippCaller.assertSucceeded(phone.await(), 1);
    }
}
