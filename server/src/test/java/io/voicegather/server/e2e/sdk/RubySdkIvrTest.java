package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.Wav;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conformance with the official Telnyx Ruby SDK, in the guide's own language: conformance/ruby/ivr_app.rb answers a
 * real SIPp call and runs the guide's eight {@code client.calls.actions} lines verbatim (with the live call's id),
 * with a playback, a stopped speech and an AI gather in between, then hangs up. Every webhook is unwrapped with the
 * SDK's {@code client.webhooks.unwrap}; each event type must come out as its own model ({@code call.gather.ended} as
 * {@code CallGatherEndedWebhookEvent}, ...), match it exactly (no field loosely coerced, none of another type) and
 * carry no field the model does not know beyond the extras docs/webhooks.md lists: the drift guard for events. A
 * second call, on a server with no language model, gets the guide's {@code start_ai_assistant} refused with a 422
 * that names the missing model. Fails, never skips, when ruby or the SDK tarball is missing.
 */
class RubySdkIvrTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "ruby-sdk-key";
    private static final String ASSISTANT_REPLY = "Hello from the default assistant.";
    /** The fields our events carry beyond the SDK's models: each is listed in docs/webhooks.md. */
    private static final Map<String, List<String>> DOCUMENTED_EXTRAS = Map.of(
            "call.gather.ended", List.of("data.payload.gather_id"),
            "call.speak.ended", List.of("data.payload.status_detail"),
            "call.ai_gather.ended", List.of("data.payload.status_detail"),
            "call.hangup", List.of("data.payload.end_time"));
    private static final List<String> GUIDE_LINES = List.of("gather", "gather_using_speak", "gather_using_audio",
            "stop_gather", "gather_using_ai", "start_ai_assistant", "add_ai_assistant_messages", "stop_ai_assistant");

    @TempDir
    Path dir;

    private record Run(JsonNode summary, String transcript) {
        List<JsonNode> events(String type) {
            List<JsonNode> out = new ArrayList<>();
            summary.path("events").forEach(e -> {
                if (e.path("type").asText().equals(type)) {
                    out.add(e);
                }
            });
            return out;
        }

        JsonNode call(Predicate<JsonNode> which) {
            for (JsonNode c : summary.path("calls")) {
                if (which.test(c)) {
                    return c;
                }
            }
            throw new AssertionError("no such SDK call\n" + transcript);
        }
    }

    /** Fails early, saying what to install, when ruby, the SDK tarball or SIPp with pcap playback is missing. */
    @BeforeEach
    void requirePeers() throws Exception {
        RubySdk.command();
        Sipp.requirePcapPlayback();
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theGuidesExamplesRunAndEveryEventIsTypedOnARealCall() throws Exception {
        try (FakeAiServer providers = FakeAiServer.start()) {
            providers.onChat(RubySdkIvrTest::modelAnswer);
            // keys: 12# for the gather (inside its default 5 s initial timeout), 34# for gather_using_speak, 29# for
            // the AI gather; each group lands seconds after the app started the gather for it, even on a loaded
            // machine. The long tail keeps the phone on the line through the assistant, until the app's hangup.
            RtpPcapWriter keys = new RtpPcapWriter().toneMs(100).gapMs(150).silence(3000).digits("12#")
                    .silence(3000).digits("34#").silence(5000).digits("29#").silence(60_000);
            Run run = run("full", keys, providers, "--stt-url", providers.baseUrl(), "--llm-url",
                    providers.baseUrl(), "--llm-model", "fake-llm");
            String t = run.transcript();

            assertThat(run.summary().path("calls")).as(t).extracting(c -> c.path("name").asText()).containsExactly(
                    "answer", "gather", "gather_using_speak", "gather_using_audio", "start_playback",
                    "stop_playback", "speak", "stop_playback (the speech)", "gather (to stop)", "stop_gather",
                    "gather_using_ai", "gather_using_ai (a real schema)", "start_ai_assistant",
                    "add_ai_assistant_messages", "add_ai_assistant_messages (a message, answered)",
                    "stop_ai_assistant", "hangup");
            List<String> guide = new ArrayList<>();
            run.summary().path("calls").forEach(c -> {
                if (c.path("guide").asBoolean()) {
                    guide.add(c.path("name").asText());
                }
            });
            assertThat(guide).as(t).containsExactlyInAnyOrderElementsOf(GUIDE_LINES);
            assertThat(t).as("each guide line printed its response with puts").contains("{:data=>{:result=>\"ok\"");

            // the two guide lines a Telnyx user sees refused: Telnyx-shaped 422s
            JsonNode audio = run.call(c -> c.path("name").asText().equals("gather_using_audio")).path("error");
            assertThat(audio.path("errors").get(0).path("code").asText()).as(t).isNotBlank();
            assertThat(audio.path("errors").get(0).path("detail").asText()).as(t).contains("audio_url");
            JsonNode placeholder = run.call(c -> c.path("name").asText().equals("gather_using_ai")).path("error");
            assertThat(placeholder.path("errors").get(0).path("source").path("pointer").asText()).as(t)
                    .startsWith("/parameters");
            assertThat(run.summary().path("conversationIds").path("start_ai_assistant").asText()).as(t)
                    .isNotBlank();

            assertTyped(run);
            assertThat(new TreeSet<>(typesSeen(run))).as(t).containsAll(List.of("call.initiated", "call.answered",
                    "call.dtmf.received", "call.gather.ended", "call.playback.started", "call.playback.ended",
                    "call.speak.started", "call.speak.ended", "call.ai_gather.partial_results",
                    "call.ai_gather.message_history_updated", "call.ai_gather.ended", "call.conversation.ended",
                    "call.hangup"));
            assertThat(run.events("call.initiated").get(0).path("payload").has("client_state"))
                    .as("no client_state yet: the field is left out, not null\n" + t).isFalse();

            List<JsonNode> gathers = run.events("call.gather.ended");
            assertThat(gathers).as(t).hasSize(3);
            assertThat(payloadText(gathers.get(0), "status") + " " + payloadText(gathers.get(0), "digits"))
                    .as(t).isEqualTo("valid 12");
            assertThat(payloadText(gathers.get(1), "status") + " " + payloadText(gathers.get(1), "digits"))
                    .as(t).isEqualTo("valid 34");
            assertThat(payloadText(gathers.get(2), "status")).as(t).isEqualTo("cancelled");
            assertThat(payloadText(run.events("call.playback.ended").get(0), "status")).as(t).isEqualTo("cancelled");
            assertThat(payloadText(run.events("call.playback.ended").get(0), "media_url")).as(t).endsWith("/menu.wav");
            JsonNode speakEnded = run.events("call.speak.ended").get(0).path("payload");
            assertThat(speakEnded.path("status").asText()).as(t).isEqualTo("completed");
            assertThat(speakEnded.path("status_detail").asText())
                    .as("the stopped speech, read with payload[:status_detail]\n" + t).isEqualTo("cancelled");
            assertThat(payloadText(gathers.get(0), "gather_id")).as(t).isNotBlank();
            JsonNode aiEnded = run.events("call.ai_gather.ended").get(0).path("payload");
            assertThat(aiEnded.path("status").asText()).as(t).isEqualTo("valid");
            assertThat(aiEnded.path("result")).as(t).isEqualTo(JSON.readTree("{\"age\":29}"));
            assertThat(aiEnded.path("client_state").asText()).as(t).isEqualTo("YWlHYXRoZXI=");

            List<JsonNode> conversations = run.events("call.conversation.ended");
            assertThat(conversations).as(t).hasSize(2);
            assertThat(payloadText(conversations.get(0), "reason")).as(t).isEqualTo("gather_completed");
            JsonNode assistant = conversations.get(1).path("payload");
            assertThat(assistant.path("reason").asText()).as("call.conversation.ended follows the stop\n" + t)
                    .isEqualTo("assistant_stop");
            assertThat(assistant.path("conversation_id").asText()).as(t)
                    .isEqualTo(run.summary().path("conversationIds").path("start_ai_assistant").asText());
            assertThat(assistant.path("llm_model").asText()).as("on the configured model\n" + t).isEqualTo("fake-llm");
            assertThat(assistant.has("assistant_id")).as("no assistant named: the field is left out\n" + t).isFalse();

            // the default assistant ran on the configured model with its documented instructions and answered
            assertThat(providers.chatRequests()).as(t).anySatisfy(r -> assertThat(r.messages().toString())
                    .contains("You are a helpful voice assistant on a phone call").contains("Greet the caller"));
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void withNoLanguageModelTheGuidesStartAiAssistantIsRefusedNamingIt() throws Exception {
        try (FakeAiServer providers = FakeAiServer.start()) {
            Run run = run("no_llm", new RtpPcapWriter().silence(30_000), providers, "--stt-url",
                    providers.baseUrl());
            String t = run.transcript();
            assertThat(run.summary().path("calls")).as(t).extracting(c -> c.path("name").asText())
                    .containsExactly("answer", "start_ai_assistant", "hangup");
            JsonNode error = run.call(c -> c.path("name").asText().equals("start_ai_assistant")).path("error");
            String detail = error.path("errors").get(0).path("detail").asText();
            assertThat(detail).as(t).contains("language model").doesNotContain("assistant/id");
            assertTyped(run);
        }
    }

    /** Every webhook came out as its own model, exactly, with no unknown field beyond the documented extras. */
    private static void assertTyped(Run run) {
        JsonNode s = run.summary();
        String t = run.transcript();
        assertThat(s.path("finished").asBoolean()).as("the app reached the hangup\n" + t).isTrue();
        assertThat(s.path("unexpected")).as("SDK calls or webhooks with an unexpected outcome\n" + t).isEmpty();
        Map<String, TreeSet<String>> unknown = new TreeMap<>();
        for (JsonNode e : s.path("events")) {
            String type = e.path("type").asText();
            assertThat(e.path("model").asText()).as(type + "\n" + t).isEqualTo(e.path("expected").asText());
            assertThat(e.path("exact").asBoolean()).as(type + " matches its model exactly\n" + t).isTrue();
            TreeSet<String> fields = unknown.computeIfAbsent(type, k -> new TreeSet<>());
            e.path("unknown").forEach(f -> fields.add(f.asText()));
        }
        unknown.forEach((type, fields) -> {
            TreeSet<String> allowed = new TreeSet<>(DOCUMENTED_EXTRAS.getOrDefault(type, List.of()));
            allowed.add("meta"); // the delivery's attempt and URL, outside the event itself
            assertThat(allowed).as("fields of " + type + " the SDK does not know\n" + t).containsAll(fields);
        });
        int received = s.path("events").size();
        assertThat(s.path("tamperRejected").asInt()).as("two tampered copies per webhook\n" + t)
                .isEqualTo(2 * received);
        assertThat(s.path("tamperAccepted").asInt()).as(t).isZero();
    }

    private Run run(String mode, RtpPcapWriter keys, FakeAiServer providers, String... aiArgs) throws Exception {
        int hookPort = FreePorts.udpAndTcp();
        int rtpBase = FreePorts.block(8);
        List<String> args = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port",
                Integer.toString(FreePorts.udpAndTcp()), "--sip-host", "127.0.0.1", "--sip-port",
                Integer.toString(FreePorts.udpAndTcp()), "--rtp-ports", rtpBase + "-" + (rtpBase + 7), "--data-dir",
                dir.resolve("data-" + mode).toString(), "--api-key", API_KEY, "--webhook-url",
                "http://127.0.0.1:" + hookPort + "/webhooks"));
        args.addAll(List.of(aiArgs));
        Path wav = Wav.writePcm16Mono8k(dir.resolve("menu.wav"), tone(3000));
        try (VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args.toArray(String[]::new),
                Map.of()))) {
            List<String> command = RubySdk.command();
            command.add("ivr_app.rb");
            ProcessBuilder pb = new ProcessBuilder(command).directory(RubySdk.APP_DIR.toFile())
                    .redirectError(dir.resolve("ruby-stderr-" + mode + ".log").toFile());
            pb.environment().putAll(Map.of("PORT", Integer.toString(hookPort), "MODE", mode,
                    "BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2", "API_KEY", API_KEY,
                    "PUBLIC_KEY", server.webhookPublicKey(), "AUDIO_FILE", wav.toString(), "TIMEOUT_MS", "150000"));
            Process app = pb.start();
            try {
                return drive(app, server, keys, mode);
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Run drive(Process app, VoicegatherServer server, RtpPcapWriter keys, String mode) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String first = NodeSdk.readLine(out, app);
        lines.add(first);
        assertThat(JSON.readTree(first).has("listening")).as(first).isTrue();
        Path pcap = keys.write(dir.resolve("keys-" + mode + ".pcap"));
        try (Sipp.Running phone = Sipp.uac("uac_wait_bye.xml", "127.0.0.1:" + server.sipPort(), dir)
                .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix("ruby-sdk-" + mode)
                .recvTimeout(Duration.ofMillis(keys.durationMs() + 10_000))
                .timeout(Duration.ofSeconds(200)).start()) {
            JsonNode summary = null;
            while (summary == null) {
                String line = NodeSdk.readLine(out, app);
                lines.add(line);
                if (line.startsWith("{\"")) { // the guide's puts(response) lines are Ruby hashes, not JSON
                    summary = JSON.readTree(line).get("summary");
                }
            }
            Sipp.Result call = phone.await();
            String transcript = String.join("\n", lines) + "\nruby stderr:\n"
                    + Files.readString(dir.resolve("ruby-stderr-" + mode + ".log")) + "\n" + call.describe();
            System.out.println(transcript); // kept in the surefire output for reading a passing run too
            assertThat(call.exitCode()).as("the phone got the app's BYE\n" + transcript).isZero();
            return new Run(summary, transcript);
        }
    }

    private static List<String> typesSeen(Run run) {
        List<String> types = new ArrayList<>();
        run.summary().path("events").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    private static String payloadText(JsonNode event, String field) {
        return event.path("payload").path(field).asText();
    }

    private static short[] tone(int millis) {
        short[] pcm = new short[8 * millis];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        return pcm;
    }

    /** The fake language model: asks the gather's question, and answers the assistant's injected message. */
    private static FakeAiServer.Reply modelAnswer(JsonNode request) {
        String all = request.path("messages").toString();
        if (all.contains("Greet the caller")) {
            return FakeAiServer.Reply.text(ASSISTANT_REPLY);
        }
        if (all.contains("Your age")) {
            return FakeAiServer.Reply.text("How old are you? Type it and press pound.");
        }
        return FakeAiServer.Reply.text("How can I help?");
    }
}
