package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v2/openapi.json: served without a key, well formed, every $ref resolves, examples agree with schemas. */
class OpenApiDocumentTest {
    @RegisterExtension
    static final TestApi api = TestApi.perClass();
    private static OpenApiSpec spec;

    @BeforeAll
    static void start() throws Exception {
        TestApi.Response r = api.send("GET", "/v2/openapi.json", (String) null, null);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/json");
        spec = new OpenApiSpec(r.body());
    }

    @Test
    void servedWithoutAKeyAndIdenticalToTheBundledDocument() throws Exception {
        assertThat(spec.document).isEqualTo(OpenApiSpec.fromClasspath().document);
        assertThat(spec.document.get("openapi").asText()).startsWith("3.1.");
        TestApi.Response withKey = api.send("GET", "/v2/openapi.json", (String) null, "Bearer " + TestApi.KEY);
        assertThat(withKey.status()).isEqualTo(200);
        TestApi.Response wrongKey = api.send("GET", "/v2/openapi.json", (String) null, "Bearer nope");
        assertThat(wrongKey.status()).as("the document needs no key, and a wrong one does not matter").isEqualTo(200);
        assertThat(spec.document.at("/paths/~1openapi.json/get/security")).as("documented as public").isEmpty();
    }

    @Test
    void onlyGetIsAllowedAndTheRestOfTheApiStillNeedsAKey() throws Exception {
        TestApi.Response post = api.send("POST", "/v2/openapi.json", "{}", null);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.firstCode()).isEqualTo("10405");
        assertThat(post.http().headers().firstValue("Allow")).hasValue("GET");
        assertThat(api.send("GET", "/v2/public_key", (String) null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/v2/openapi.yaml", (String) null, null).status()).isEqualTo(401);
        assertThat(api.send("GET", "/v2/calls/openapi.json", (String) null, null).status()).isEqualTo(401);
    }

    @Test
    void everyRefResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec.document, refs);
        assertThat(refs).hasSizeGreaterThan(50);
        for (String ref : refs) {
            assertThat(spec.check.resolve(ref)).as(ref).isNotNull();
        }
    }

    @Test
    void everyEndpointOfTheRouterIsDocumentedAndEveryDocumentedPathIsRouted() {
        Set<Endpoint> documented = EnumSet.noneOf(Endpoint.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.document.get("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            Router.Match m = Router.match(OpenApiSpec.concretePath(p.getKey(), "v3:abc"));
            assertThat(m).as(p.getKey()).isNotNull();
            documented.add(m.endpoint());
            p.getValue().fieldNames().forEachRemaining(method ->
                    assertThat(m.endpoint().allows(method.toUpperCase(java.util.Locale.ROOT)))
                            .as(method + " " + p.getKey()).isTrue());
        }
        assertThat(documented).containsExactlyInAnyOrder(Endpoint.values());
    }

    @Test
    void examplesValidateAndTogetherUseEveryDocumentedProperty() {
        List<OpenApiSpec.Command> commands = spec.commands();
        assertThat(commands).extracting(OpenApiSpec.Command::action).contains("answer", "hangup", "gather",
                "gather_stop", "gather_using_audio", "gather_using_speak", "playback_start", "playback_stop", "speak",
                "client_state_update", "gather_using_ai", "ai_assistant_start", "ai_assistant_stop",
                "ai_assistant_add_messages");
        for (OpenApiSpec.Command c : commands) {
            assertThat(c.examples()).as(c.path()).containsKeys("minimal", "full");
            Set<String> used = new TreeSet<>();
            c.examples().forEach((name, body) -> {
                assertThat(spec.check.validate(c.schema(), body)).as(c.path() + " example " + name).isEmpty();
                body.fieldNames().forEachRemaining(used::add);
            });
            Set<String> documented = new TreeSet<>();
            c.schema().get("properties").fieldNames().forEachRemaining(documented::add);
            assertThat(used).as(c.path() + ": properties the examples use").isEqualTo(documented);
        }
    }

    @Test
    void everyWebhookHasAnEnvelopeSchemaNamingOneEventType() {
        Set<String> types = new TreeSet<>();
        spec.document.get("webhooks").forEach(w -> {
            JsonNode event = spec.deref(w.at("/post/requestBody/content/application~1json/schema"));
            JsonNode eventType = event.at("/properties/data/properties/event_type/enum");
            assertThat(eventType.size()).isEqualTo(1);
            types.add(eventType.get(0).asText());
        });
        assertThat(types).containsExactlyInAnyOrder("call.initiated", "call.answered", "call.hangup",
                "call.dtmf.received", "call.gather.ended", "call.playback.started", "call.playback.ended",
                "call.speak.started", "call.speak.ended", "call.ai_gather.ended", "call.ai_gather.partial_results",
                "call.ai_gather.message_history_updated", "call.conversation.ended");
    }

    /** The checker itself must be able to say no, or every other check here proves nothing. */
    @Test
    void theSchemaCheckerRejectsWhatItShould() throws Exception {
        JsonNode gather = spec.deref(spec.document.at("/components/schemas/GatherRequest"));
        assertThat(spec.check.validate(gather, Json.MAPPER.readTree("{\"maximum_digits\":129}"))).hasSize(1);
        assertThat(spec.check.validate(gather, Json.MAPPER.readTree("{\"maximum_digits\":\"4\"}"))).hasSize(1);
        assertThat(spec.check.validate(gather, Json.MAPPER.readTree("{\"valid_digits\":\"12x\"}"))).hasSize(1);
        assertThat(spec.check.validate(gather, Json.MAPPER.readTree("{\"client_state\":7}"))).hasSize(1);
        JsonNode speak = spec.deref(spec.document.at("/components/schemas/SpeakRequest"));
        assertThat(spec.check.validate(speak, Json.MAPPER.readTree("{\"payload\":\"x\"}"))).hasSize(1);
        assertThat(spec.check.validate(speak, Json.MAPPER.readTree(
                "{\"payload\":\"x\",\"voice\":\"v\",\"loop\":\"forever\"}"))).hasSize(1);
        assertThat(spec.check.validate(speak, Json.MAPPER.readTree(
                "{\"payload\":\"x\",\"voice\":\"v\",\"loop\":\"infinity\"}"))).isEmpty();
        JsonNode dtmf = spec.document.at("/components/schemas/CallDtmfReceivedPayload");
        assertThat(spec.check.validate(dtmf, Json.MAPPER.readTree("{\"digit\":\"1\",\"extra\":1}")))
                .anyMatch(p -> p.contains("'extra' is not in the schema"))
                .anyMatch(p -> p.contains("'call_control_id' is missing"));
        assertThat(spec.check.validate(Json.MAPPER.readTree("{\"anyOf\":[]}"), Json.MAPPER.readTree("1")))
                .anyMatch(p -> p.contains("unsupported"));
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    out.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
