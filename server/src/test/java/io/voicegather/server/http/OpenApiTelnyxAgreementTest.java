package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field names, types and enums of our document agree with Telnyx's public schema, as listed (derived by hand from
 * that schema) in the test resource openapi/telnyx-fields.txt: each of our fields exists there with the same type,
 * and our enum values are among Telnyx's when Telnyx lists any.
 */
class OpenApiTelnyxAgreementTest {
    /**
     * Where we knowingly differ: gather_id is our addition to call.gather.ended (it echoes the gather command's
     * gather_id); call.speak.ended carries status_detail (a stopped or failed speech, reported as completed);
     * call.hangup carries end_time, which Telnyx's schema does not list for that event; ai_assistant_add_messages
     * takes trigger_response, which Telnyx's SDKs send but its published schema does not list yet;
     * call.ai_gather.ended carries status_detail (why an invalid gather ended, what failed), as call.playback.ended
     * does.
     */
    private static final Set<String> KNOWN_DIFFERENCES = Set.of("call.gather.ended gather_id",
            "call.speak.ended status_detail", "call.hangup end_time",
            "/calls/{call_control_id}/actions/ai_assistant_add_messages trigger_response",
            "call.ai_gather.ended status_detail");

    private record Field(String type, List<String> enumValues) {
    }

    private static final Map<String, Map<String, Field>> TELNYX = new HashMap<>();
    private static OpenApiSpec spec;

    @BeforeAll
    static void load() throws Exception {
        spec = OpenApiSpec.fromClasspath();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                OpenApiTelnyxAgreementTest.class.getResourceAsStream("/openapi/telnyx-fields.txt"),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] w = line.split(" ");
                TELNYX.computeIfAbsent(w[0], k -> new HashMap<>())
                        .put(w[1], new Field(w[2], List.of(w).subList(3, w.length)));
            }
        }
    }

    @Test
    void requestFieldsAgree() {
        List<String> compared = new ArrayList<>();
        for (OpenApiSpec.Command c : spec.commands()) {
            compare(c.path(), c.schema(), compared);
        }
        assertThat(compared).hasSizeGreaterThan(100).contains("/calls/{call_control_id}/actions/speak language",
                "/calls/{call_control_id}/actions/gather_using_ai language",
                "/calls/{call_control_id}/actions/gather_using_ai user_response_timeout_ms",
                "/calls/{call_control_id}/actions/ai_assistant_start participants",
                "/calls/{call_control_id}/actions/ai_assistant_add_messages messages",
                "/calls/{call_control_id}/actions/ai_assistant_stop command_id");
    }

    @Test
    void callResourceFieldsAgree() {
        List<String> compared = new ArrayList<>();
        compare("call", spec.deref(spec.document.at("/components/schemas/Call")), compared);
        assertThat(compared).hasSize(9);
    }

    @Test
    void webhookPayloadFieldsAgree() {
        List<String> compared = new ArrayList<>();
        spec.document.get("webhooks").forEach(w -> {
            JsonNode event = spec.deref(w.at("/post/requestBody/content/application~1json/schema"));
            String type = event.at("/properties/data/properties/event_type/enum/0").asText();
            compare(type, spec.deref(event.at("/properties/data/properties/payload")), compared);
        });
        assertThat(compared).contains("call.gather.ended status", "call.hangup hangup_cause",
                "call.ai_gather.ended result", "call.ai_gather.ended status", "call.ai_gather.partial_results partial_results",
                "call.ai_gather.message_history_updated message_history", "call.conversation.ended calling_party_type",
                "call.conversation.ended duration_sec", "call.conversation.ended reason");
    }

    private static void compare(String where, JsonNode schema, List<String> compared) {
        Map<String, Field> telnyx = TELNYX.get(where);
        assertThat(telnyx).as("Telnyx fields of " + where).isNotNull();
        schema.get("properties").fields().forEachRemaining(p -> {
            String name = p.getKey();
            if (KNOWN_DIFFERENCES.contains(where + " " + name)) {
                return;
            }
            Field theirs = telnyx.get(name);
            assertThat(theirs).as(where + ": Telnyx has no field '" + name + "'").isNotNull();
            JsonNode ours = spec.deref(p.getValue());
            Set<String> ourTypes = typeOf(ours);
            if (!ourTypes.isEmpty()) { // a field we always send as null (call_quality_stats) has no type to compare
                assertThat(ourTypes).as(where + " " + name + " type").isEqualTo(typeOf(theirs.type()));
            }
            if (!theirs.enumValues().isEmpty()) {
                for (String v : enumValues(ours)) {
                    if (!KNOWN_DIFFERENCES.contains(where + " " + name + "=" + v)) {
                        assertThat(theirs.enumValues()).as(where + " " + name + " enum").contains(v);
                    }
                }
            }
            compared.add(where + " " + name);
        });
    }

    /** The non-null JSON types a schema allows, a oneOf's alternatives merged; "null" is our own precision. */
    private static Set<String> typeOf(JsonNode schema) {
        Set<String> types = new TreeSet<>();
        if (schema.has("oneOf")) {
            schema.get("oneOf").forEach(a -> types.addAll(typeOf(spec.deref(a))));
        } else if (schema.path("type").isArray()) {
            schema.get("type").forEach(t -> types.add(t.asText()));
        } else {
            types.add(schema.path("type").asText("object"));
        }
        types.remove("null");
        return types;
    }

    private static Set<String> typeOf(String listed) {
        Set<String> types = new TreeSet<>(List.of(listed.split("\\|")));
        types.remove("null");
        return types;
    }

    private static List<String> enumValues(JsonNode schema) {
        List<String> values = new ArrayList<>();
        if (schema.has("oneOf")) {
            schema.get("oneOf").forEach(a -> values.addAll(enumValues(spec.deref(a))));
        }
        schema.path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }
}
