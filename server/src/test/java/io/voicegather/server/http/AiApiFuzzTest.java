package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated and mangled bodies against the four voice AI actions: any value anywhere in a valid nested body is
 * replaced, removed, or the body is cut short. Never a 5xx, always JSON; a refused body never reaches the call
 * layer, and an accepted one yields a command within every documented bound. Fixed seed: failures replay.
 */
class AiApiFuzzTest {
    private static final String[] ACTIONS = {"gather_using_ai", "ai_assistant_start", "ai_assistant_stop",
            "ai_assistant_add_messages"};
    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "1", "999", "1000", "120000",
            "120001", "4.5", "1e309", "123456789012345678901234567890", "\"\"", "\"user\"", "\"assistant\"",
            "\"tool\"", "\"webhook\"", "\"hangup\"", "\"transfer\"", "\"object\"", "\"string\"", "\"en\"",
            "\"YQ==\"", "\"\\u0000\"", "\"\\ud800\"", "\"https://h/{x}\"", "\"#/$defs/a\"", "\"http://127.0.0.1:9/\"",
            "{}", "[]", "[{}]", "[null]", "{\"type\":\"object\"}", "{\"properties\":{}}", "{\"enable\":false}",
            "\"" + "x".repeat(3001) + "\"", "\"\u00e9\u4e2d\""};
    private static final String[] VALID = {
            """
            {"parameters":{"type":"object","properties":{"age":{"type":"integer","minimum":0},"city":{"type":"string"}},
               "required":["age"]},"greeting":"Hi","gather_ended_speech":"Bye","voice":"Telnyx.KokoroTTS.af",
             "voice_settings":{"type":"telnyx"},"language":"en","transcription":{"model":"m","language":"en"},
             "assistant":{"instructions":"i","model":"m","tools":[{"type":"hangup","hangup":{"description":"d"}},
               {"type":"webhook","webhook":{"name":"n","description":"d","url":"https://h/{x}","method":"POST",
                 "headers":[{"name":"a","value":"b"}],"body_parameters":{"type":"object","properties":{}}}}]},
             "message_history":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],
             "send_partial_results":true,"send_message_history_updates":false,"interruption_settings":{"enable":true},
             "user_response_timeout_ms":5000,"client_state":"YWJj","command_id":"c"}""",
            """
            {"assistant":{"id":"a1","name":"n","greeting":"g","dynamic_variables":{"x":1},
               "tools":[{"type":"retrieval","retrieval":{"bucket_ids":["b"]}}]},"greeting":"Hi",
             "message_history":[{"role":"system","content":"s"},{"role":"assistant","tool_calls":[{"id":"t",
               "type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"c",
               "tool_call_id":"t"}],"participants":[{"id":"v3:x","role":"user","on_hangup":"end_conversation"}],
             "send_message_history_updates":true,"interruption_settings":{"enable":false},"voice":"female"}""",
            "{\"client_state\":\"YWJj\",\"command_id\":\"c\"}",
            """
            {"messages":[{"role":"user","content":"u","metadata":{"k":1}},{"role":"developer","content":"d"}],
             "trigger_response":true}"""};

    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    @Test
    void mutatedBodiesNeverCauseA5xxAndAcceptedOnesAreWithinBounds() throws Exception {
        Random rnd = new Random(20261125);
        List<String[]> cases = new ArrayList<>(); // {action, body}
        for (int a = 0; a < ACTIONS.length; a++) {
            cases.add(new String[]{ACTIONS[a], VALID[a]});
            for (int i = 0; i < 350; i++) {
                ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(VALID[a]);
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    mutate(tree, rnd);
                }
                cases.add(new String[]{ACTIONS[a], Json.write(tree)});
            }
            for (int i = 0; i < 60; i++) {
                cases.add(new String[]{ACTIONS[a], VALID[a].substring(0, rnd.nextInt(VALID[a].length()))});
            }
        }
        int accepted = 0;
        for (String[] c : cases) {
            api.calls.reset();
            TestApi.Response r = api.send("POST", "/v2/calls/v3%3Afuzz/actions/" + c[0],
                    HttpRequest.BodyPublishers.ofString(c[1], StandardCharsets.UTF_8), "Bearer " + TestApi.KEY);
            String row = c[0] + " " + c[1].substring(0, Math.min(400, c[1].length()));
            assertThat(r.status()).as(row + " → " + r.raw()).isIn(200, 400, 422);
            assertThat(r.contentType()).as(row).startsWith("application/json");
            assertThat(r.body()).as(row + " → " + r.raw()).isNotNull();
            if (r.status() == 200) {
                accepted++;
                assertThat(api.calls.received).as(row).hasSize(1);
                assertWithinBounds(row, api.calls.last().command());
            } else {
                assertThat(r.body().get("errors")).as(row).isNotEmpty();
                r.body().get("errors").forEach(e -> assertThat(e.get("code").asText()).as(row).matches("\\d+"));
                assertThat(api.calls.received).as(row).isEmpty();
            }
        }
        assertThat(cases.size()).isGreaterThan(1600);
        assertThat(accepted).as("some mutated bodies must stay valid, or the bounds are never checked")
                .isGreaterThan(100);
    }

    /** Replaces or removes one value somewhere in the tree (or adds one to an object). */
    private static void mutate(JsonNode root, Random rnd) throws Exception {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(rnd.nextInt(containers.size()));
        JsonNode value = Json.MAPPER.readTree(VALUES[rnd.nextInt(VALUES.length)]);
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty() || rnd.nextInt(8) == 0) {
                o.set("k" + rnd.nextInt(3), value);
            } else if (rnd.nextInt(4) == 0) {
                o.remove(names.get(rnd.nextInt(names.size())));
            } else {
                o.set(names.get(rnd.nextInt(names.size())), value);
            }
        } else if (target instanceof ArrayNode a) {
            if (a.isEmpty() || rnd.nextInt(4) == 0) {
                a.add(value);
            } else {
                a.set(rnd.nextInt(a.size()), value);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    private static void assertWithinBounds(String row, Object command) {
        assertThat(command).as(row).isNotNull();
        if (command instanceof GatherUsingAiCommand c) {
            assertThat(c.parameters()).as(row).isNotNull();
            assertThat(c.parameters().get("properties")).as(row).isNotEmpty();
            assertThat(c.voice()).as(row).isNotEmpty().hasSizeLessThanOrEqualTo(256);
            assertThat(AiFields.GOOGLE_LANGUAGES).as(row).contains(c.language());
            assertThat(c.userResponseTimeoutMillis()).as(row).isBetween(1_000L, 120_000L);
            assertThat(c.assistant()).as(row).isNotNull();
            assertThat(c.transcription()).as(row).isNotNull();
            if (c.greeting() != null) {
                assertThat(c.greeting()).as(row).isNotEmpty().hasSizeLessThanOrEqualTo(3000);
            }
            c.messageHistory().forEach(m -> {
                assertThat(m.role()).as(row).isIn(AiMessage.Role.USER, AiMessage.Role.ASSISTANT);
                assertThat(m.content()).as(row).isNotNull();
            });
        } else if (command instanceof AiAssistantStartCommand c) {
            assertThat(c.assistant().id()).as(row).isNotEmpty();
            assertMessages(row, c.messageHistory());
            c.participants().forEach(p -> assertThat(p.get("role").asText()).as(row).isEqualToIgnoringCase("user"));
        } else if (command instanceof AiAssistantAddMessagesCommand c) {
            assertMessages(row, c.messages());
        } else {
            assertThat(command).as(row).isInstanceOf(CommandMeta.class);
        }
    }

    private static void assertMessages(String row, List<AiMessage> messages) {
        for (AiMessage m : messages) {
            assertThat(m).as(row).isNotNull();
            if (m.role() == AiMessage.Role.ASSISTANT) {
                assertThat(m.content() != null || !m.toolCalls().isEmpty()).as(row).isTrue();
            } else {
                assertThat(m.content()).as(row).isNotNull();
            }
            if (m.role() == AiMessage.Role.TOOL) {
                assertThat(m.toolCallId()).as(row).isNotEmpty();
            }
        }
    }
}
