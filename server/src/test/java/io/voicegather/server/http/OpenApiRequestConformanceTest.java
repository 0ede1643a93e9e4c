package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the document says about request bodies is what the real parsers enforce, through the real ApiServer:
 * every example is accepted, and every documented range, length and enum is the parser's exact boundary.
 */
class OpenApiRequestConformanceTest {
    private static final String ID = "v3:conformance";
    /** Prompt sources that exclude the one a minimal example uses. */
    private static final Map<String, String> EXCLUDES = Map.of("media_name", "audio_url", "playback_content",
            "audio_url");

    /** The commands whose answer carries the conversation_id the call layer returned. */
    private static final java.util.Set<String> STARTS_CONVERSATION = java.util.Set.of("gather_using_ai",
            "ai_assistant_start");

    @RegisterExtension
    static final TestApi api = TestApi.perClass();
    private static OpenApiSpec spec;

    @BeforeAll
    static void start() throws Exception {
        spec = OpenApiSpec.fromClasspath();
    }

    @Test
    void everyDocumentedExampleIsAcceptedByTheServer() throws Exception {
        int sent = 0;
        for (OpenApiSpec.Command c : spec.commands()) {
            for (Map.Entry<String, JsonNode> e : c.examples().entrySet()) {
                assertAccepted(c, e.getValue(), "example " + e.getKey());
                sent++;
            }
        }
        assertThat(sent).isGreaterThanOrEqualTo(22);
    }

    @Test
    void documentedBoundariesAreTheParsersBoundaries() throws Exception {
        List<String> checked = new ArrayList<>();
        for (OpenApiSpec.Command c : spec.commands()) {
            ObjectNode minimal = (ObjectNode) c.examples().get("minimal");
            c.schema().get("properties").fields().forEachRemaining(p -> {
                try {
                    checkField(c, minimal, p.getKey(), spec.deref(p.getValue()));
                    checked.add(c.action() + "." + p.getKey());
                } catch (Exception ex) {
                    throw new AssertionError(c.path() + " " + p.getKey(), ex);
                }
            });
        }
        assertThat(checked).contains("gather.maximum_digits", "speak.language", "playback_start.loop",
                "gather_using_audio.maximum_tries", "answer.webhook_url_method", "gather_using_ai.language",
                "gather_using_ai.user_response_timeout_ms", "gather_using_ai.greeting",
                "gather_using_ai.gather_ended_speech", "gather_using_ai.send_partial_results",
                "ai_assistant_start.greeting", "ai_assistant_start.voice",
                "ai_assistant_add_messages.trigger_response");
    }

    private static void checkField(OpenApiSpec.Command c, ObjectNode minimal, String field, JsonNode schema)
            throws Exception {
        ObjectNode base = minimal.deepCopy();
        if (EXCLUDES.containsKey(field)) {
            base.remove(EXCLUDES.get(field));
        }
        if (schema.has("oneOf")) { // loop: 1 to 100, as an integer or a string of digits, or "infinity"
            for (Object ok : List.of(1, 100, "1", "100", "007", "infinity", "Infinity")) {
                assertAccepted(c, with(base, field, ok), field + "=" + ok);
            }
            for (Object bad : List.of(0, 101, "0", "101", "forever", "", 2.5)) {
                assertRejected(c, with(base, field, bad), field);
            }
            return;
        }
        String type = schema.path("type").asText();
        if (type.equals("integer")) {
            long min = schema.get("minimum").asLong();
            long max = schema.get("maximum").asLong();
            assertAccepted(c, with(base, field, min), field + "=" + min);
            assertAccepted(c, with(base, field, max), field + "=" + max);
            assertRejected(c, with(base, field, min - 1), field);
            assertRejected(c, with(base, field, max + 1), field);
            assertRejected(c, with(base, field, "1"), field);
        } else if (type.equals("string") && schema.has("enum")) {
            for (JsonNode v : schema.get("enum")) {
                assertAccepted(c, with(base, field, v.asText()), field + "=" + v);
            }
            assertRejected(c, with(base, field, "no-such-value"), field);
        } else if (type.equals("string")) {
            if (schema.has("maxLength")) {
                int max = schema.get("maxLength").asInt();
                assertAccepted(c, with(base, field, text(field, schema, max)), field + " of " + max);
                assertRejected(c, with(base, field, text(field, schema, max + 1)), field);
            }
            if (schema.path("minLength").asInt() > 0) {
                assertRejected(c, with(base, field, text(field, schema, schema.get("minLength").asInt() - 1)),
                        field);
            }
            assertRejected(c, with(base, field, 12), field);
        } else if (type.equals("boolean")) {
            assertAccepted(c, with(base, field, true), field + "=true");
            assertRejected(c, with(base, field, "yes"), field);
        }
    }

    /** A string of the given length that is valid for the field except, perhaps, for its length. */
    private static String text(String field, JsonNode schema, int length) {
        if ("uri".equals(schema.path("format").asText())) {
            String prefix = "https://example.com/";
            return length < prefix.length() ? "" : prefix + "a".repeat(length - prefix.length());
        }
        char filler = switch (field) {
            case "valid_digits" -> '1';
            case "terminating_digit" -> '#';
            case "client_state" -> 'A'; // Base64 text; every length used here is a multiple of 4 or too long
            default -> 'a';
        };
        return String.valueOf(filler).repeat(length);
    }

    private static ObjectNode with(ObjectNode base, String field, Object value) {
        ObjectNode b = base.deepCopy();
        b.set(field, Json.MAPPER.valueToTree(value));
        return b;
    }

    private static void assertAccepted(OpenApiSpec.Command c, JsonNode body, String what) throws Exception {
        assertThat(spec.check.validate(c.schema(), body)).as("document accepts " + c.action() + " " + what).isEmpty();
        int before = api.calls.received.size();
        TestApi.Response r = api.send(c.method(), OpenApiSpec.concretePath(c.path(), ID), Json.write(body),
                "Bearer " + TestApi.KEY);
        assertThat(r.status()).as(c.method() + " " + c.action() + " " + what + " " + body + " -> " + r.raw())
                .isEqualTo(200);
        assertThat(r.raw()).isEqualTo(STARTS_CONVERSATION.contains(c.action())
                ? "{\"data\":{\"result\":\"ok\",\"conversation_id\":\"" + RecordingCallControl.CONVERSATION_ID + "\"}}"
                : "{\"data\":{\"result\":\"ok\"}}");
        String documented = c.action().equals("gather_using_ai") || c.action().equals("ai_assistant_start")
                ? "CommandOkWithConversationId" : "CommandOk";
        assertThat(spec.document.at("/paths/" + c.path().replace("/", "~1") + "/" + c.method().toLowerCase(
                java.util.Locale.ROOT) + "/responses/200/$ref").asText()).endsWith("/" + documented);
        assertThat(api.calls.received).hasSize(before + 1);
        assertThat(api.calls.last().callControlId()).isEqualTo(ID);
    }

    private static void assertRejected(OpenApiSpec.Command c, JsonNode body, String field) throws Exception {
        assertThat(spec.check.validate(c.schema(), body)).as("document rejects " + c.action() + " " + body)
                .isNotEmpty();
        TestApi.Response r = api.send(c.method(), OpenApiSpec.concretePath(c.path(), ID), Json.write(body),
                "Bearer " + TestApi.KEY);
        assertThat(r.status()).as(c.action() + " " + body + " -> " + r.raw()).isEqualTo(422);
        assertThat(r.body().get("errors")).as(r.raw())
                .anyMatch(e -> e.at("/source/pointer").asText().startsWith("/" + field));
        assertThat(spec.check.validate(spec.document.at("/components/schemas/Errors"), r.body())).isEmpty();
    }
}
