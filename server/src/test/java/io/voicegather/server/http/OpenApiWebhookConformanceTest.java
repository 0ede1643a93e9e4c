package io.voicegather.server.http;

import io.voicegather.server.e2e.peers.TinySipPhone;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.json.Json;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every webhook the real server sends validates against the document's schema for its event type. One real call:
 * a SIP phone on loopback calls the in-process server, the app answers, speaks, plays a missing and an inline
 * prompt, gathers keys sent by SIP INFO, and hangs up; a JDK HTTP server collects the deliveries.
 */
class OpenApiWebhookConformanceTest {
    private static final long WAIT_MILLIS = 30_000;
    private static final String KEY = "openapi-key";
    /** Emitted only by the voice AI commands, which this DTMF call does not use. */
    private static final Set<String> VOICE_AI_EVENTS = Set.of("call.ai_gather.ended",
            "call.ai_gather.partial_results", "call.ai_gather.message_history_updated", "call.conversation.ended");

    @TempDir
    Path dataDir;

    private final List<JsonNode> deliveries = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private VoicegatherServer server;

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
        try (VoicegatherServer s = VoicegatherServer.start(ConfigLoader.load(new String[]{
                "--http-host", "127.0.0.1", "--http-port", "0", "--sip-host", "127.0.0.1", "--sip-port", "0",
                "--rtp-ports", "43600-43699", "--data-dir", dataDir.toString(), "--api-key", KEY,
                "--webhook-url", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hooks"}, Map.of()));
             TinySipPhone phone = new TinySipPhone(s.sipPort())) {
            server = s;
            phone.invite("+15550177");
            String id = await("call.initiated", 1).at("/data/payload/call_control_id").asText();
            command(id, "answer", "{\"client_state\":\"c3RhcnQ=\"}");
            phone.awaitAnsweredAndAck(WAIT_MILLIS);
            await("call.answered", 1);

            command(id, "speak", "{\"payload\":\"Hi.\",\"voice\":\"female\"}");
            await("call.speak.ended", 1);
            command(id, "playback_start", "{\"media_name\":\"no-such-media\"}");
            await("call.playback.ended", 1);
            command(id, "playback_start", "{\"audio_type\":\"wav\",\"playback_content\":\""
                    + Base64.getEncoder().encodeToString(silentWav(200)) + "\"}");
            await("call.playback.ended", 2);

            command(id, "gather", "{\"maximum_digits\":2,\"gather_id\":\"menu\"}");
            phone.pressKey('4');
            phone.pressKey('2');
            JsonNode gathered = await("call.gather.ended", 1);
            assertThat(gathered.at("/data/payload/digits").asText()).isEqualTo("42");
            command(id, "hangup", "{}");
            await("call.hangup", 1);
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
        Set<String> expected = new TreeSet<>(schemaByType.keySet());
        expected.removeAll(VOICE_AI_EVENTS); // this call runs no voice AI command
        assertThat(seen).as("every event type was emitted and checked").isEqualTo(expected);
    }

    private void command(String id, String action, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.httpPort() + "/v2/calls/" + id + "/actions/" + action))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(action + " -> " + r.body()).isEqualTo(200);
    }

    /** The n-th delivery of the event type, waiting for it. */
    private JsonNode await(String eventType, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (System.nanoTime() < deadline) {
            List<JsonNode> matching = deliveries.stream()
                    .filter(d -> d.at("/data/event_type").asText().equals(eventType)).toList();
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + eventType + " #" + n + "; got " + deliveries);
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
