package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.json.Json;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.TinySipPhone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every webhook the real server sends validates against the document's schema for its event type, and every event
 * type the document lists is among them. Real calls: a SIP phone on loopback calls the in-process server, the app
 * answers, speaks, plays a missing and an inline prompt, gathers keys sent by SIP INFO, runs a keypad-only
 * {@code gather_using_ai} to its end, starts another and hangs up in the middle of it. A second server, with a fake
 * recogniser and language model, runs an AI assistant on a second call until the application stops it. A JDK HTTP
 * server collects the deliveries of both.
 */
class OpenApiWebhookConformanceTest {
    private static final long WAIT_MILLIS = 30_000;
    private static final String KEY = "openapi-key";
    /** Fields a caller can answer on the keypad: with no recogniser configured the gather runs keypad-only. */
    private static final String KEYPAD_PARAMETERS = """
            {"type":"object","properties":{
               "age":{"type":"integer","description":"your age"},
               "member":{"type":"boolean","description":"are you a member"}},
             "required":["age","member"]}""";

    @TempDir
    Path dataDir;
    @TempDir
    Path assistantDataDir;

    private final List<JsonNode> deliveries = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void everyEmittedWebhookValidatesAgainstItsSchema() throws Exception {
        OpenApiSpec spec = OpenApiSpec.fromClasspath();
        Map<String, JsonNode> schemaByType = new HashMap<>();
        spec.document.get("webhooks").forEach(w -> {
            JsonNode event = spec.deref(w.at("/post/requestBody/content/application~1json/schema"));
            schemaByType.put(event.at("/properties/data/properties/event_type/enum/0").asText(), event);
        });

        HttpServer hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/hooks", ex -> {
            deliveries.add(Json.MAPPER.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hooks.start();
        try {
            try (VoicegatherServer s = start(dataDir, hooks);
                 TinySipPhone phone = new TinySipPhone(s.sipPort())) {
                String id = answeredCall(s, phone, 1);
                mediaAndKeys(s, id, phone);
                keypadGatherToItsEnd(s, id, phone);
                gatherEndedByHangup(s, id);
            }
            try (FakeAiServer providers = FakeAiServer.start();
                 VoicegatherServer s = start(assistantDataDir, hooks, "--stt-url", providers.baseUrl(),
                         "--llm-url", providers.baseUrl(), "--llm-model", "fake-llm");
                 TinySipPhone phone = new TinySipPhone(s.sipPort())) {
                assistantStoppedByTheApplication(s, answeredCall(s, phone, 2));
            }
        } finally {
            hooks.stop(0);
        }

        Set<String> seen = new TreeSet<>();
        for (JsonNode d : deliveries) {
            String type = d.at("/data/event_type").asText();
            JsonNode schema = schemaByType.get(type);
            assertThat(schema).as("a schema for " + type).isNotNull();
            assertThat(spec.check.validate(schema, d)).as(type + ": " + d).isEmpty();
            seen.add(type);
        }
        assertThat(seen).as("every event type was emitted and checked")
                .isEqualTo(new TreeSet<>(schemaByType.keySet()));
    }

    private VoicegatherServer start(Path data, HttpServer hooks, String... more) throws Exception {
        int rtp = FreePorts.block(8);
        List<String> args = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0",
                "--sip-host", "127.0.0.1", "--sip-port", "0", "--rtp-ports", rtp + "-" + (rtp + 7),
                "--data-dir", data.toString(), "--api-key", KEY,
                "--webhook-url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks"));
        args.addAll(List.of(more));
        return VoicegatherServer.start(ConfigLoader.load(args.toArray(String[]::new), Map.of()));
    }

    /** The phone calls, the app answers it with a client_state; the call's id. */
    private String answeredCall(VoicegatherServer s, TinySipPhone phone, int nth) throws Exception {
        phone.invite("+15550177");
        String id = await("call.initiated", nth).at("/data/payload/call_control_id").asText();
        command(s, id, "answer", "{\"client_state\":\"c3RhcnQ=\"}");
        phone.awaitAnsweredAndAck(WAIT_MILLIS);
        await(id, "call.answered", p -> true);
        return id;
    }

    private void mediaAndKeys(VoicegatherServer s, String id, TinySipPhone phone) throws Exception {
        command(s, id, "speak", "{\"payload\":\"Hi.\",\"voice\":\"female\"}");
        await("call.speak.ended", 1);
        command(s, id, "playback_start", "{\"media_name\":\"no-such-media\"}");
        await("call.playback.ended", 1);
        command(s, id, "playback_start", "{\"audio_type\":\"wav\",\"playback_content\":\""
                + Base64.getEncoder().encodeToString(silentWav(200)) + "\"}");
        await("call.playback.ended", 2);

        command(s, id, "gather", "{\"maximum_digits\":2,\"gather_id\":\"menu\"}");
        phone.pressKey('4');
        phone.pressKey('2');
        JsonNode gathered = await("call.gather.ended", 1);
        assertThat(gathered.at("/data/payload/digits").asText()).isEqualTo("42");
    }

    /**
     * Each question is answered once its history update arrived: by then the question is being said, and a key cuts
     * it short and answers (the age ends with '#', the yes/no takes one key: 1 is yes).
     */
    private void keypadGatherToItsEnd(VoicegatherServer s, String id, TinySipPhone phone) throws Exception {
        JsonNode started = command(s, id, "gather_using_ai", "{\"parameters\":" + KEYPAD_PARAMETERS
                + ",\"send_partial_results\":true,\"send_message_history_updates\":true"
                + ",\"user_response_timeout_ms\":20000}");
        String conversationId = started.at("/data/conversation_id").asText();
        assertThat(conversationId).isNotBlank();

        await(id, "call.ai_gather.message_history_updated", p -> lastAssistantLine(p).contains("age"));
        phone.pressKey('2');
        phone.pressKey('9');
        phone.pressKey('#');
        JsonNode age = await(id, "call.ai_gather.partial_results", p -> p.path("partial_results").has("age"));
        assertThat(age.at("/data/payload/partial_results")).isEqualTo(Json.MAPPER.readTree("{\"age\":29}"));
        assertThat(userLines(age.at("/data/payload"))).containsExactly("29");

        await(id, "call.ai_gather.message_history_updated", p -> lastAssistantLine(p).contains("1 for yes"));
        phone.pressKey('1');
        JsonNode member = await(id, "call.ai_gather.partial_results", p -> p.path("partial_results").has("member"));
        assertThat(member.at("/data/payload/partial_results")).isEqualTo(Json.MAPPER.readTree("{\"member\":true}"));

        JsonNode ended = await(id, "call.ai_gather.ended", p -> true).at("/data/payload");
        assertThat(ended.path("status").asText()).isEqualTo("valid");
        assertThat(ended.path("result")).isEqualTo(Json.MAPPER.readTree("{\"age\":29,\"member\":true}"));
        assertThat(ended.has("status_detail")).as("nothing went wrong: " + ended).isFalse();
        assertThat(userLines(ended)).containsExactly("29", "1");
        assertThat(ended.path("client_state").asText()).isEqualTo("c3RhcnQ=");

        JsonNode conversation = await(id, "call.conversation.ended",
                p -> p.path("conversation_id").asText().equals(conversationId)).at("/data/payload");
        assertThat(conversation.path("reason").asText()).isEqualTo("gather_completed");
        // fields with no value are left out, never null: the Telnyx SDKs type them as plain strings
        assertThat(conversation.has("assistant_id")).isFalse();
        assertThat(conversation.has("llm_model")).as("no language model").isFalse();
        assertThat(conversation.has("stt_model")).as("no recogniser").isFalse();
        assertThat(conversation.path("calling_party_type").asText()).isEqualTo("sip");
    }

    /** A gather the call's end cuts short: invalid, saying why in status_detail. */
    private void gatherEndedByHangup(VoicegatherServer s, String id) throws Exception {
        String conversationId = command(s, id, "gather_using_ai", "{\"parameters\":" + KEYPAD_PARAMETERS + "}")
                .at("/data/conversation_id").asText();
        command(s, id, "hangup", "{}");
        JsonNode ended = await(id, "call.ai_gather.ended", p -> p.path("status").asText().equals("invalid"))
                .at("/data/payload");
        assertThat(ended.path("status_detail").asText()).contains("call_hangup");
        assertThat(ended.path("result")).isEqualTo(Json.MAPPER.createObjectNode());
        JsonNode conversation = await(id, "call.conversation.ended",
                p -> p.path("conversation_id").asText().equals(conversationId)).at("/data/payload");
        assertThat(conversation.path("reason").asText()).isEqualTo("call_hangup");
        await(id, "call.hangup", p -> true);
    }

    /** The assistant greets (no language model turn needed), the application stops it, then hangs up. */
    private void assistantStoppedByTheApplication(VoicegatherServer s, String id) throws Exception {
        String conversationId = command(s, id, "ai_assistant_start", "{\"assistant\":{\"id\":\"support\","
                + "\"instructions\":\"You help callers.\"},\"greeting\":\"Hello, this is support.\","
                + "\"send_message_history_updates\":true}")
                .at("/data/conversation_id").asText();
        assertThat(conversationId).isNotBlank();
        await(id, "call.ai_gather.message_history_updated",
                p -> lastAssistantLine(p).equals("Hello, this is support."));
        command(s, id, "ai_assistant_stop", "{}");
        JsonNode conversation = await(id, "call.conversation.ended", p -> true).at("/data/payload");
        assertThat(conversation.path("conversation_id").asText()).isEqualTo(conversationId);
        assertThat(conversation.path("reason").asText()).isEqualTo("assistant_stop");
        assertThat(conversation.path("assistant_id").asText()).isEqualTo("support");
        assertThat(conversation.path("llm_model").asText()).isEqualTo("fake-llm");
        assertThat(conversation.path("stt_model").isTextual()).as("a recogniser: " + conversation).isTrue();
        assertThat(conversation.path("client_state").asText()).isEqualTo("c3RhcnQ=");
        command(s, id, "hangup", "{}");
        await(id, "call.hangup", p -> true);
    }

    /** The command's 200 answer. */
    private JsonNode command(VoicegatherServer s, String id, String action, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + s.httpPort() + "/v2/calls/" + id + "/actions/" + action))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(action + " -> " + r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    /** The n-th delivery of the event type, on any call, waiting for it. */
    private JsonNode await(String eventType, int n) throws InterruptedException {
        return awaitDelivery(eventType + " #" + n, all -> {
            List<JsonNode> matching = all.stream()
                    .filter(d -> d.at("/data/event_type").asText().equals(eventType)).toList();
            return matching.size() >= n ? matching.get(n - 1) : null;
        });
    }

    /** The first delivery of the event type on this call whose payload passes the test, waiting for it. */
    private JsonNode await(String callId, String eventType, Predicate<JsonNode> payload) throws InterruptedException {
        return awaitDelivery(eventType + " on " + callId, all -> all.stream()
                .filter(d -> d.at("/data/event_type").asText().equals(eventType)
                        && d.at("/data/payload/call_control_id").asText().equals(callId)
                        && payload.test(d.at("/data/payload")))
                .findFirst().orElse(null));
    }

    private JsonNode awaitDelivery(String what, Function<List<JsonNode>, JsonNode> find) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            JsonNode found = find.apply(List.copyOf(deliveries));
            if (found != null) {
                return found;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + what + "; got " + deliveries);
    }

    private static String lastAssistantLine(JsonNode payload) {
        JsonNode history = payload.path("message_history");
        JsonNode last = history.path(history.size() - 1);
        return last.path("role").asText().equals("assistant") ? last.path("content").asText() : "";
    }

    private static List<String> userLines(JsonNode payload) {
        List<String> out = new ArrayList<>();
        payload.path("message_history").forEach(m -> {
            if (m.path("role").asText().equals("user")) {
                out.add(m.path("content").asText());
            }
        });
        return out;
    }

    /** A 16-bit mono 8 kHz WAV of silence. */
    private static byte[] silentWav(int millis) {
        int samples = 8 * millis;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        return b.array();
    }
}
