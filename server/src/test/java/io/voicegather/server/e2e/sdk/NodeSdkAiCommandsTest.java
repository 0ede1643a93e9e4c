package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance with the official Telnyx Node SDK for the voice AI commands: conformance/node/ai-commands-app.js
 * creates an assistant with ai.assistants.create and reads it back, answers one real SIPp call and, with the SDK's
 * own methods, runs gatherUsingAI (a JSON Schema with an integer and a boolean field, answered on the keypad), then
 * startAIAssistant naming only the created assistant's id, addAIAssistantMessages with trigger_response and
 * stopAIAssistant, then hangs up. The server's recogniser and language model are a {@link FakeAiServer}. Both
 * commands that start a conversation must answer its conversation_id; the gather must end valid with the keyed
 * values, each conversation with its call.conversation.ended (gather_completed, then assistant_stop); every webhook
 * must pass the SDK's Ed25519 check and tampered copies must fail it. Fails, never skips, when node or the SDK is
 * missing.
 */
class NodeSdkAiCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APP_DIR = Path.of("..", "conformance", "node").toAbsolutePath().normalize();
    private static final String API_KEY = "node-sdk-ai-key";
    private static final String INJECTED_REPLY = "As a VIP you also get free delivery.";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void nodeSdkDrivesTheVoiceAiCommandsOnARealCall() throws Exception {
        String node = NodeSdk.requireNodeAndSdk(APP_DIR);
        Sipp.requirePcapPlayback();
        try (FakeAiServer providers = FakeAiServer.start()) {
            providers.onChat(NodeSdkAiCommandsTest::modelAnswer);
            int hookPort = FreePorts.udpAndTcp();
            int rtpBase = FreePorts.block(8);
            String[] args = {"--http-host", "127.0.0.1", "--http-port", Integer.toString(FreePorts.udpAndTcp()),
                    "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(FreePorts.udpAndTcp()),
                    "--rtp-ports", rtpBase + "-" + (rtpBase + 7), "--data-dir", dir.resolve("data").toString(),
                    "--api-key", API_KEY, "--webhook-url", "http://127.0.0.1:" + hookPort + "/webhooks",
                    "--stt-url", providers.baseUrl(), "--llm-url", providers.baseUrl(), "--llm-model", "fake-llm"};
            try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args, Map.of()))) {
                runApp(node, server, hookPort, providers);
            }
        }
    }

    private void runApp(String node, VoicegatherServer server, int hookPort, FakeAiServer providers)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(node, "ai-commands-app.js").directory(APP_DIR.toFile())
                .redirectError(dir.resolve("node-stderr.log").toFile());
        pb.environment().putAll(Map.of("PORT", Integer.toString(hookPort),
                "BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2", "API_KEY", API_KEY,
                "PUBLIC_KEY", server.webhookPublicKey(), "TIMEOUT_MS", "120000", "INJECTED_REPLY", INJECTED_REPLY));
        Process app = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(),
                    StandardCharsets.UTF_8));
            // the app creates its assistant before it listens: those SDK calls are printed first
            List<JsonNode> beforeCall = new ArrayList<>();
            JsonNode line = JSON.readTree(NodeSdk.readLine(out, app));
            while (!line.has("listening") && beforeCall.size() < 10) {
                beforeCall.add(line);
                line = JSON.readTree(NodeSdk.readLine(out, app));
            }
            assertThat(line.path("listening").asInt()).as(beforeCall.toString()).isEqualTo(hookPort);

            // The lead leaves time for the answer and the gather to start even on a loaded machine (keys before it
            // would be lost); the second key comes well after the next question was asked. The long tail keeps the
            // phone on the line through the assistant, until the app's hangup.
            RtpPcapWriter media = new RtpPcapWriter().toneMs(100).gapMs(150).silence(7000).digits("29#")
                    .silence(7000).digits("1").silence(60_000);
            Path pcap = media.write(dir.resolve("keys.pcap"));
            try (Sipp.Running phone = Sipp.uac("uac_wait_bye.xml", "127.0.0.1:" + server.sipPort(), dir)
                    .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix("node-sdk-ai")
                    .recvTimeout(Duration.ofMillis(media.durationMs() + 10_000))
                    .timeout(Duration.ofSeconds(150)).start()) {
                check(app, out, phone, providers, beforeCall);
            }
        } finally {
            app.destroyForcibly();
            app.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void check(Process app, BufferedReader out, Sipp.Running phone, FakeAiServer providers,
                       List<JsonNode> beforeCall) throws Exception {
        List<JsonNode> lines = new ArrayList<>(beforeCall);
        JsonNode summary = NodeSdk.readUntilSummary(out, app, lines);
        assertThat(app.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Sipp.Result call = phone.await();
        String transcript = String.join("\n", lines.stream().map(JsonNode::toString).toList())
                + "\nnode stderr:\n" + Files.readString(dir.resolve("node-stderr.log")) + "\n"
                + call.describe();
        System.out.println(transcript); // kept in the surefire output for reading a passing run too

        assertThat(summary.path("finished").asBoolean()).as("the app reached the hangup\n" + transcript)
                .isTrue();
        assertThat(summary.path("unexpected")).as("SDK calls with an unexpected outcome\n" + transcript)
                .isEmpty();
        assertThat(summary.path("calls")).as(transcript).extracting(c -> c.path("name").asText())
                .containsExactly("createAssistant", "retrieveAssistant", "answer", "gatherUsingAI",
                        "startAIAssistant", "addAIAssistantMessages", "stopAIAssistant", "hangup");
        String storedAssistant = summary.path("assistantId").asText();
        assertThat(storedAssistant).as(transcript).startsWith("assistant-");
        assertThat(call.exitCode()).as("the phone got the app's BYE\n" + transcript).isZero();
        assertThat(call.successfulCalls()).as(transcript).isEqualTo(1);

        String gatherId = summary.path("conversationIds").path("gatherUsingAI").asText();
        String assistantId = summary.path("conversationIds").path("startAIAssistant").asText();
        assertThat(gatherId).as(transcript).isNotBlank();
        assertThat(assistantId).as(transcript).isNotBlank().isNotEqualTo(gatherId);

        JsonNode gathered = summary.path("aiGatherEnded");
        assertThat(gathered.path("status").asText()).as(transcript).isEqualTo("valid");
        assertThat(gathered.path("result")).as(transcript)
                .isEqualTo(JSON.readTree("{\"age\":29,\"member\":true}"));
        assertThat(gathered.path("client_state").asText()).as(transcript).isEqualTo("aiGather");
        List<String> history = new ArrayList<>();
        gathered.path("message_history").forEach(m -> history.add(m.path("role").asText() + ": "
                + m.path("content").asText()));
        assertThat(history).as(transcript).contains("user: 29", "user: 1");
        assertThat(summary.path("partialResults")).as(transcript).extracting(JsonNode::toString)
                .containsExactly("{\"age\":29}", "{\"member\":true}");

        JsonNode conversations = summary.path("conversationEnded");
        assertThat(conversations).as(transcript).hasSize(2);
        assertThat(conversations.get(0).path("reason").asText()).as(transcript).isEqualTo("gather_completed");
        assertThat(conversations.get(0).path("conversation_id").asText()).as(transcript).isEqualTo(gatherId);
        assertThat(conversations.get(1).path("reason").asText()).as(transcript).isEqualTo("assistant_stop");
        assertThat(conversations.get(1).path("conversation_id").asText()).as(transcript)
                .isEqualTo(assistantId);
        assertThat(conversations.get(1).path("assistant_id").asText()).as("the stored assistant ran\n" + transcript)
                .isEqualTo(storedAssistant);

        // the stored instructions and the injected message reached the model, whose answer was said and joined
        // the history after the stored greeting
        assertThat(providers.chatRequests()).as(transcript).anySatisfy(r -> assertThat(r.messages().toString())
                .contains("The caller is a VIP customer.").contains("You help callers with their orders."));
        List<String> assistantHistory = new ArrayList<>();
        summary.path("assistantHistory").forEach(m -> assistantHistory.add(m.path("role").asText() + ": "
                + m.path("content").asText()));
        assertThat(assistantHistory).as(transcript).containsSubsequence(
                "assistant: Hello, this is support.", "assistant: " + INJECTED_REPLY);

        int received = summary.path("received").asInt();
        assertThat(summary.path("rejected").asInt()).as(transcript).isZero();
        assertThat(summary.path("verified").asInt()).as(transcript).isEqualTo(received);
        assertThat(summary.path("tamperRejected").asInt()).as("two tampered copies per webhook\n"
                + transcript).isEqualTo(2 * received);
        assertThat(summary.path("tamperAccepted").asInt()).as(transcript).isZero();

        List<String> types = new ArrayList<>();
        summary.path("eventTypes").forEach(t -> types.add(t.asText()));
        assertThat(received).as(transcript).isEqualTo(types.size());
        assertThat(types).as(transcript).startsWith("call.initiated", "call.answered").endsWith("call.hangup")
                .containsSubsequence("call.ai_gather.partial_results", "call.ai_gather.ended",
                        "call.conversation.ended", "call.ai_gather.message_history_updated",
                        "call.conversation.ended", "call.hangup");
        assertThat(types).as(transcript).filteredOn("call.ai_gather.ended"::equals).hasSize(1);
        assertThat(types).as(transcript).filteredOn("call.conversation.ended"::equals).hasSize(2);
    }

    /**
     * The fake language model: leads the gather with one question per missing field (keypad answers are saved by
     * the server, which tells the model), greets in the assistant, and answers the injected system message.
     */
    private static FakeAiServer.Reply modelAnswer(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        String content = last.path("content").asText("");
        if (last.path("role").asText().equals("system") && content.contains("VIP")) {
            return FakeAiServer.Reply.text(INJECTED_REPLY);
        }
        if (messages.toString().contains("Saved from the keypad")) {
            return FakeAiServer.Reply.text("Are you a member? Press 1 for yes or 2 for no.");
        }
        if (messages.toString().contains("Your age")) {
            return FakeAiServer.Reply.text("How old are you? Type it and press pound.");
        }
        return FakeAiServer.Reply.text("How can I help?");
    }
}
