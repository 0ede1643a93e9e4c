package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift guard: every field the served openapi.json says a command accepts or an event carries must be known to
 * the official Telnyx Ruby SDK's model for it, with a type the SDK accepts, enum values from the SDK's set, and
 * null only where the SDK types the field nullable. The SDK's models are read from its unpacked tarball by
 * conformance/ruby/sdk_models.rb. The served document is itself held to what the server does: requests by the
 * parsers' tests, events by OpenApiWebhookConformanceTest (every real webhook validates against it) and, with the
 * SDK's own unwrap, by RubySdkIvrTest. A new field, a changed type or a new enum value fails here unless it is one
 * of the differences below, each written down in docs (docs/conformance.md, "Where we differ from the SDK").
 */
class RubySdkDriftGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where we knowingly differ from the SDK's models; each is a row in docs/conformance.md. */
    private static final Set<String> DOCUMENTED = Set.of(
            // the guide lists them on ai_assistant_start; the SDK puts the voice in assistant.voice_settings
            "ai_assistant_start voice", "ai_assistant_start voice_settings",
            // gather_using_ai takes the same assistant object as ai_assistant_start
            "gather_using_ai assistant.name", "gather_using_ai assistant.greeting",
            "gather_using_ai assistant.dynamic_variables",
            // a tool call as the language model wrote it: the SDK models only the function's name
            "ai_assistant_start message_history[].tool_calls[].function.arguments",
            "ai_assistant_add_messages messages[].tool_calls[].function.arguments",
            // our additions to events
            "call.gather.ended gather_id", "call.speak.ended status_detail", "call.ai_gather.ended status_detail",
            "call.hangup end_time");

    private static JsonNode openapi;
    private static JsonNode sdk;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = RubySdkDriftGuardTest.class.getResourceAsStream("/openapi.json")) {
            openapi = JSON.readTree(in);
        }
        List<String> command = RubySdk.command();
        command.add("sdk_models.rb");
        Process p = new ProcessBuilder(command).directory(RubySdk.APP_DIR.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        sdk = JSON.readTree(out);
        assertThat(sdk.path("sdk").asText()).isEqualTo(RubySdk.VERSION);
    }

    @Test
    void everyCommandFieldWeAcceptIsTheSdksWithItsType() {
        List<String> problems = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        openapi.get("paths").fields().forEachRemaining(e -> {
            String prefix = "/calls/{call_control_id}/actions/";
            if (!e.getKey().startsWith(prefix)) {
                return;
            }
            String action = e.getKey().substring(prefix.length());
            JsonNode theirs = sdk.path("commands").get(action);
            assertThat(theirs).as("the SDK's model of " + action).isNotNull();
            JsonNode ours = e.getValue().at("/post/requestBody/content/application~1json/schema");
            compare(action, "", ours, theirs, false, problems, compared);
        });
        assertThat(problems).as("fields we accept that the SDK does not know or types differently").isEmpty();
        assertThat(compared).hasSizeGreaterThan(150).contains("gather maximum_digits", "playback_start loop",
                "ai_assistant_start assistant.voice_settings.voice", "gather_using_ai message_history[].role");
    }

    @Test
    void everyEventFieldWeEmitIsTheSdksWithItsType() {
        List<String> problems = new ArrayList<>();
        List<String> compared = new ArrayList<>();
        openapi.get("webhooks").forEach(w -> {
            JsonNode event = deref(w.at("/post/requestBody/content/application~1json/schema"));
            String type = deref(event.at("/properties/data")).at("/properties/event_type/enum/0").asText();
            JsonNode theirs = sdk.path("events").get(type);
            assertThat(theirs).as("the SDK's model of " + type).isNotNull();
            compare(type, "", deref(event.at("/properties/data")).at("/properties/payload"), theirs, true, problems,
                    compared);
        });
        assertThat(problems).as("fields we emit that the SDK does not know or types differently").isEmpty();
        assertThat(compared).hasSizeGreaterThan(100).contains("call.gather.ended digits", "call.speak.ended status",
                "call.conversation.ended llm_model", "call.ai_gather.ended message_history[].role");
    }

    private static void compare(String where, String path, JsonNode schema, JsonNode theirs, boolean event,
                                List<String> problems, List<String> compared) {
        JsonNode ours = deref(schema);
        String at = where + (path.isEmpty() ? "" : " " + path);
        if (ours.has("oneOf") || ours.has("anyOf")) {
            ours.get(ours.has("oneOf") ? "oneOf" : "anyOf").forEach(alt -> compare(where, path, alt, theirs, event,
                    problems, compared));
            return;
        }
        if (ours.has("properties") && theirs.path("type").asText().equals("union")) {
            compareWithBestVariant(where, path, ours, theirs, event, problems, compared);
            return;
        }
        Set<String> types = types(ours);
        if (types.remove("null") && event && !theirs.path("nullable").asBoolean()) {
            problems.add(at + ": sent as null, which the SDK does not allow");
        }
        Set<String> allowed = allowed(theirs);
        if (!allowed.contains("any") && !allowed.containsAll(types)) {
            problems.add(at + ": ours " + types + ", the SDK's " + allowed);
        }
        Set<String> sdkEnum = enumValues(theirs);
        if (!sdkEnum.isEmpty()) {
            ours.path("enum").forEach(v -> {
                if (!v.isNull() && !sdkEnum.contains(v.asText())) {
                    problems.add(at + ": value '" + v.asText() + "' is not among the SDK's " + sdkEnum);
                }
            });
        }
        if (ours.has("properties")) {
            JsonNode fields = objectFields(theirs);
            ours.get("properties").fields().forEachRemaining(p -> {
                String name = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
                if (DOCUMENTED.contains(where + " " + name)) {
                    return;
                }
                if (fields == null || !fields.has(p.getKey())) {
                    if (fields != null || !allowed.contains("any")) {
                        problems.add(where + " " + name + ": not a field of the SDK's model");
                    }
                    return;
                }
                compared.add(where + " " + name);
                compare(where, name, p.getValue(), fields.get(p.getKey()), event, problems, compared);
            });
        }
        if (ours.has("items")) {
            JsonNode items = itemsOf(theirs);
            if (items != null) {
                compare(where, path + "[]", ours.get("items"), items, event, problems, compared);
            }
        }
    }

    /**
     * An object of ours against the SDK's union (tools by type, messages by role): held to the variant it matches
     * best, as the SDK would pick it.
     */
    private static void compareWithBestVariant(String where, String path, JsonNode ours, JsonNode theirs,
                                               boolean event, List<String> problems, List<String> compared) {
        String discriminator = discriminator(ours);
        if (discriminator != null) {
            for (JsonNode value : ours.at("/properties/" + discriminator + "/enum")) {
                compareWithBestVariant(where, path, only(ours, discriminator, value.asText()), theirs, event,
                        problems, compared);
            }
            return;
        }
        List<String> bestProblems = null;
        List<String> bestCompared = List.of();
        for (JsonNode variant : theirs.get("variants")) {
            if (!variant.has("fields")) {
                continue;
            }
            List<String> p = new ArrayList<>();
            List<String> c = new ArrayList<>();
            compare(where, path, ours, variant, event, p, c);
            if (bestProblems == null || p.size() < bestProblems.size()) {
                bestProblems = p;
                bestCompared = c;
            }
        }
        problems.addAll(bestProblems == null ? List.of(where + " " + path + ": the SDK has no object here")
                : bestProblems);
        compared.addAll(bestCompared);
    }

    /** A property of ours with several enum values (type, role) that picks the SDK's variant; null when none. */
    private static String discriminator(JsonNode ours) {
        for (String name : List.of("type", "role")) {
            if (ours.at("/properties/" + name + "/enum").size() > 1) {
                return name;
            }
        }
        return null;
    }

    /**
     * Ours narrowed to one value of the discriminator, without the sibling properties named after its other
     * values (Telnyx's shape: {"type": "transfer", "transfer": {...}}).
     */
    private static JsonNode only(JsonNode ours, String discriminator, String value) {
        ObjectNode copy = ours.deepCopy();
        ObjectNode properties = (ObjectNode) copy.get("properties");
        ours.at("/properties/" + discriminator + "/enum").forEach(v -> {
            if (!v.asText().equals(value)) {
                properties.remove(v.asText());
            }
        });
        ((ObjectNode) properties.get(discriminator)).putArray("enum").add(value);
        return copy;
    }

    /** The fields of the SDK's object, or of all object variants of its union merged; null when it has none. */
    private static JsonNode objectFields(JsonNode theirs) {
        if (theirs.has("fields")) {
            return theirs.get("fields");
        }
        if (theirs.path("type").asText().equals("union")) {
            ObjectNode merged = JSON.createObjectNode();
            theirs.get("variants").forEach(v -> {
                JsonNode f = objectFields(v);
                if (f != null) {
                    f.fields().forEachRemaining(e -> merged.putIfAbsent(e.getKey(), e.getValue()));
                }
            });
            return merged.isEmpty() ? null : merged;
        }
        return null;
    }

    private static JsonNode itemsOf(JsonNode theirs) {
        if (theirs.has("items")) {
            return theirs.get("items");
        }
        for (JsonNode v : theirs.path("variants")) {
            if (v.has("items")) {
                return v.get("items");
            }
        }
        return null;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        JsonNode t = schema.get("type");
        if (t != null && t.isArray()) {
            t.forEach(x -> out.add(x.asText()));
        } else if (t != null) {
            out.add(t.asText());
        }
        return out;
    }

    /** The JSON types the SDK's field takes ("any" for untyped ones). */
    private static Set<String> allowed(JsonNode theirs) {
        Set<String> out = new TreeSet<>();
        switch (theirs.path("type").asText()) {
            case "union" -> theirs.get("variants").forEach(v -> out.addAll(allowed(v)));
            case "enum" -> out.add("string");
            case "number" -> out.addAll(List.of("number", "integer"));
            default -> out.add(theirs.path("type").asText());
        }
        return out;
    }

    private static Set<String> enumValues(JsonNode theirs) {
        Set<String> out = new TreeSet<>();
        theirs.path("values").forEach(v -> out.add(v.asText()));
        return out;
    }

    private static JsonNode deref(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = openapi.at(s.get("$ref").asText().substring(1));
        }
        return s;
    }
}
