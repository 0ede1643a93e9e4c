package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.AiAssistantAddMessagesCommand;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.command.ai.AiTool;
import io.voicegather.api.command.ai.GatherUsingAiCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The voice AI commands through the real ApiServer: defaults, every field parsed, and one row per bad input. */
class AiRequestValidationTest {
    private static final String P = "\"parameters\":{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}}}";
    private static final String A = "\"assistant\":{\"id\":\"assistant-1\"}";
    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    private static TestApi.Response post(String action, String body) throws Exception {
        return api.post("/v2/calls/v3:ai/actions/" + action, body);
    }

    @Test
    void gatherUsingAiAppliesEveryDefaultAndAnswersTheConversationId() throws Exception {
        TestApi.Response r = post("gather_using_ai", "{" + P + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.raw()).isEqualTo("{\"data\":{\"result\":\"ok\",\"conversation_id\":\""
                + RecordingCallControl.CONVERSATION_ID + "\"}}");
        GatherUsingAiCommand c = (GatherUsingAiCommand) api.calls.last().command();
        assertThat(api.calls.last().callControlId()).isEqualTo("v3:ai");
        assertThat(c.meta()).isEqualTo(CommandMeta.NONE);
        assertThat(c.parameters().at("/properties/age/type").asText()).isEqualTo("integer");
        assertThat(c.voice()).isEqualTo("Telnyx.KokoroTTS.af");
        assertThat(c.language()).isEqualTo("en");
        assertThat(c.greeting()).isNull();
        assertThat(c.gatherEndedSpeech()).isNull();
        assertThat(c.assistant()).isEqualTo(io.voicegather.api.command.ai.AiAssistant.NONE);
        assertThat(c.messageHistory()).isEmpty();
        assertThat(c.interruptionEnabled()).isTrue();
        assertThat(c.sendPartialResults()).isFalse();
        assertThat(c.sendMessageHistoryUpdates()).isFalse();
        assertThat(c.userResponseTimeoutMillis()).isEqualTo(10_000);
    }

    @Test
    void gatherUsingAiParsesEveryField() throws Exception {
        TestApi.Response r = post("gather_using_ai", """
                {"client_state":"YWJj","command_id":"c1",
                 "parameters":{"type":"object","properties":{"age":{"type":"integer"},"city":{"type":"string"}},
                               "required":["age"]},
                 "greeting":"Hello!","gather_ended_speech":"Thanks.","voice":"AWS.Polly.Joanna",
                 "voice_settings":{"type":"aws"},"language":"FR","transcription":{"model":"deepgram/nova-3","language":"fr"},
                 "assistant":{"instructions":"Be brief.","model":"m1","openai_api_key_ref":"k",
                   "tools":[{"type":"hangup","hangup":{"description":"Hang up when done."}},
                            {"type":"webhook","webhook":{"name":"lookup","description":"Looks up.","url":"https://h.example/{id}",
                              "method":"get","headers":[{"name":"Authorization","value":"Bearer {{#integration_secret}}x{{/integration_secret}}"}],
                              "path_parameters":{"type":"object","properties":{"id":{"type":"string"}}}}},
                            {"type":"transfer","transfer":{"from":"+1","targets":[{"to":"+2"}]}}]},
                 "message_history":[{"role":"assistant","content":"Hi"},{"role":"user","content":"Hello"}],
                 "send_partial_results":true,"send_message_history_updates":true,
                 "interruption_settings":{"enable":false},"user_response_timeout_ms":120000}""");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        GatherUsingAiCommand c = (GatherUsingAiCommand) api.calls.last().command();
        assertThat(c.meta()).isEqualTo(new CommandMeta("YWJj", "c1"));
        assertThat(c.greeting()).isEqualTo("Hello!");
        assertThat(c.gatherEndedSpeech()).isEqualTo("Thanks.");
        assertThat(c.voice()).isEqualTo("AWS.Polly.Joanna");
        assertThat(c.voiceSettings().get("type").asText()).isEqualTo("aws");
        assertThat(c.language()).isEqualTo("fr");
        assertThat(c.transcription().model()).isEqualTo("deepgram/nova-3");
        assertThat(c.transcription().language()).isEqualTo("fr");
        assertThat(c.assistant().instructions()).isEqualTo("Be brief.");
        assertThat(c.assistant().model()).isEqualTo("m1");
        assertThat(c.assistant().raw().get("openai_api_key_ref").asText()).isEqualTo("k");
        assertThat(c.assistant().tools()).hasSize(3);
        assertThat(c.assistant().tools().get(0)).isEqualTo(new AiTool.Hangup("Hang up when done."));
        AiTool.Webhook w = (AiTool.Webhook) c.assistant().tools().get(1);
        assertThat(w.name()).isEqualTo("lookup");
        assertThat(w.method()).isEqualTo("GET");
        assertThat(w.url()).isEqualTo("https://h.example/{id}");
        assertThat(w.headers()).singleElement().extracting(AiTool.Header::name).isEqualTo("Authorization");
        assertThat(w.pathParameters().at("/properties/id/type").asText()).isEqualTo("string");
        assertThat(w.bodyParameters()).isNull();
        assertThat(c.assistant().tools().get(2)).isInstanceOfSatisfying(AiTool.Unsupported.class,
                u -> assertThat(u.type()).isEqualTo("transfer"));
        assertThat(c.messageHistory()).containsExactly(AiMessage.assistant("Hi"), AiMessage.user("Hello"));
        assertThat(c.sendPartialResults()).isTrue();
        assertThat(c.sendMessageHistoryUpdates()).isTrue();
        assertThat(c.interruptionEnabled()).isFalse();
        assertThat(c.userResponseTimeoutMillis()).isEqualTo(120_000);
    }

    @Test
    void theGuidesLiteralExampleIsRefusedWithOneErrorPerMistake() throws Exception {
        TestApi.Response r = post("gather_using_ai",
                "{\"parameters\":{\"properties\":\"bar\",\"required\":\"bar\",\"type\":\"bar\"}}");
        assertThat(r.status()).isEqualTo(422);
        List<String> pointers = new ArrayList<>();
        r.body().get("errors").forEach(e -> {
            assertThat(e.get("code").asText()).isEqualTo("10015");
            assertThat(e.get("title").asText()).isEqualTo("Invalid value");
            assertThat(e.get("detail").asText()).startsWith("'parameters' is not a valid JSON Schema of an object: at /parameters/");
            pointers.add(e.at("/source/pointer").asText());
        });
        assertThat(pointers).containsExactlyInAnyOrder("/parameters/properties", "/parameters/required",
                "/parameters/type");
        assertThat(r.body().get("errors").get(0).get("detail").asText()).contains("object expected");
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void aiAssistantStartParsesEveryFieldAndAnswersTheConversationId() throws Exception {
        TestApi.Response r = post("ai_assistant_start", """
                {"assistant":{"id":"assistant-9","name":"Front desk","model":"gpt-4o","instructions":"Hi {{name}}",
                   "greeting":"Welcome","dynamic_variables":{"name":"Ann","vip":true,"n":3},"llm_api_key_ref":"key",
                   "tools":[{"type":"retrieval","retrieval":{"bucket_ids":["b"]}}]},
                 "greeting":"Hello there","voice":"Telnyx.KokoroTTS.af","voice_settings":{"type":"telnyx","voice_speed":1.2},
                 "message_history":[{"role":"system","content":"S"},{"role":"developer","content":"D"},
                   {"role":"user","content":"U","metadata":{"k":1}},
                   {"role":"assistant","tool_calls":[{"id":"t1","type":"function","function":{"name":"lookup","arguments":"{}"}}]},
                   {"role":"tool","content":"42","tool_call_id":"t1"}],
                 "participants":[{"id":"v3:other","role":"user","name":"Bob","on_hangup":"end_conversation"}],
                 "send_message_history_updates":true,"interruption_settings":{"enable":false},
                 "transcription":{"model":"distil-whisper/distil-large-v2"}}""");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().at("/data/conversation_id").asText()).isEqualTo(RecordingCallControl.CONVERSATION_ID);
        AiAssistantStartCommand c = (AiAssistantStartCommand) api.calls.last().command();
        assertThat(c.assistant().id()).isEqualTo("assistant-9");
        assertThat(c.assistant().name()).isEqualTo("Front desk");
        assertThat(c.assistant().greeting()).isEqualTo("Welcome");
        assertThat(c.assistant().dynamicVariables().get("vip").asBoolean()).isTrue();
        assertThat(c.assistant().raw().get("llm_api_key_ref").asText()).isEqualTo("key");
        assertThat(c.assistant().tools()).singleElement().isInstanceOf(AiTool.Unsupported.class);
        assertThat(c.greeting()).isEqualTo("Hello there");
        assertThat(c.voice()).isEqualTo("Telnyx.KokoroTTS.af");
        assertThat(c.messageHistory()).extracting(AiMessage::role).containsExactly(AiMessage.Role.SYSTEM,
                AiMessage.Role.DEVELOPER, AiMessage.Role.USER, AiMessage.Role.ASSISTANT, AiMessage.Role.TOOL);
        assertThat(c.messageHistory().get(2).metadata().get("k").asInt()).isEqualTo(1);
        assertThat(c.messageHistory().get(3).content()).isNull();
        assertThat(c.messageHistory().get(3).toolCalls()).containsExactly(new AiMessage.ToolCall("t1", "lookup", "{}"));
        assertThat(c.messageHistory().get(4).toolCallId()).isEqualTo("t1");
        assertThat(c.participants()).singleElement().satisfies(p -> assertThat(p.get("id").asText()).isEqualTo("v3:other"));
        assertThat(c.sendMessageHistoryUpdates()).isTrue();
        assertThat(c.interruptionEnabled()).isFalse();
        assertThat(c.transcription().model()).isEqualTo("distil-whisper/distil-large-v2");
    }

    @Test
    void aiAssistantStartDefaults() throws Exception {
        TestApi.Response r = post("ai_assistant_start", "{" + A + "}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        AiAssistantStartCommand c = (AiAssistantStartCommand) api.calls.last().command();
        assertThat(c.voice()).isNull();
        assertThat(c.greeting()).isNull();
        assertThat(c.messageHistory()).isEmpty();
        assertThat(c.participants()).isEmpty();
        assertThat(c.interruptionEnabled()).as("not sent: the stored assistant decides").isNull();
        assertThat(c.sendMessageHistoryUpdates()).isFalse();
        assertThat(c.assistant().tools()).isNull();
    }

    /** What the SDKs make optional and the server takes: the guide's start_ai_assistant with no body at all. */
    @Test
    void sdkOptionalFieldsAreTaken() throws Exception {
        for (String body : List.of("", "{}")) {
            assertThat(post("ai_assistant_start", body).status()).isEqualTo(200);
            assertThat(((AiAssistantStartCommand) api.calls.last().command()).assistant()).isEqualTo(AiAssistant.NONE);
        }
        TestApi.Response voiced = post("ai_assistant_start",
                "{\"assistant\":{\"id\":\"a\",\"voice_settings\":{\"voice\":\"Telnyx.KokoroTTS.af\",\"voice_speed\":1.2}}}");
        assertThat(voiced.status()).as(voiced.raw()).isEqualTo(200);
        AiAssistant assistant = ((AiAssistantStartCommand) api.calls.last().command()).assistant();
        assertThat(assistant.voice()).isEqualTo("Telnyx.KokoroTTS.af");
        assertThat(assistant.voiceSettings().get("voice_speed").asDouble()).isEqualTo(1.2);

        TestApi.Response history = post("gather_using_ai", "{" + P + ",\"message_history\":[{\"content\":\"x\"},"
                + "{\"role\":\"user\"},{\"role\":\"assistant\",\"content\":\"Hi\"}]}");
        assertThat(history.status()).as(history.raw()).isEqualTo(200);
        assertThat(((GatherUsingAiCommand) api.calls.last().command()).messageHistory())
                .extracting(AiMessage::content).containsExactly("Hi");

        TestApi.Response header = post("gather_using_ai", "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"webhook\","
                + "\"webhook\":{\"name\":\"n\",\"description\":\"d\",\"url\":\"https://h/\",\"headers\":[{\"value\":\"v\"},"
                + "{\"name\":\"X-A\",\"value\":\"1\"}]}}]}}");
        assertThat(header.status()).as(header.raw()).isEqualTo(200);
        AiTool.Webhook hook = (AiTool.Webhook) ((GatherUsingAiCommand) api.calls.last().command()).assistant().tools()
                .get(0);
        assertThat(hook.headers()).containsExactly(new AiTool.Header("X-A", "1"));
    }

    @Test
    void stopAndAddMessagesAnswerOk() throws Exception {
        TestApi.Response stop = post("ai_assistant_stop", "{\"client_state\":\"YWJj\"}");
        assertThat(stop.raw()).isEqualTo("{\"data\":{\"result\":\"ok\"}}");
        assertThat(api.calls.last().command()).isEqualTo(new CommandMeta("YWJj", null));
        TestApi.Response add = post("ai_assistant_add_messages",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"trigger_response\":true}");
        assertThat(add.raw()).isEqualTo("{\"data\":{\"result\":\"ok\"}}");
        AiAssistantAddMessagesCommand c = (AiAssistantAddMessagesCommand) api.calls.last().command();
        assertThat(c.messages()).containsExactly(AiMessage.user("Hi"));
        assertThat(c.triggerResponse()).isTrue();
        assertThat(post("ai_assistant_add_messages", "").status()).isEqualTo(200);
        assertThat(((AiAssistantAddMessagesCommand) api.calls.last().command()).messages()).isEmpty();
    }

    @Test
    void callLayerErrorsPassThrough() throws Exception {
        api.calls.failWith = new ApiException(ApiError.aiAssistantAlreadyRunning());
        TestApi.Response r = post("ai_assistant_start", "{" + A + "}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.firstCode()).isEqualTo("90061");
        assertThat(r.body().at("/errors/0/title").asText()).isEqualTo("AI assistant already running");
        api.calls.failWith = new ApiException(ApiError.noSpeechRecogniser());
        TestApi.Response n = post("gather_using_ai", "{" + P + "}");
        assertThat(n.status()).isEqualTo(422);
        JsonNode e = n.body().at("/errors/0");
        assertThat(e.get("code").asText()).isEqualTo("10015");
        assertThat(e.at("/source/pointer").asText()).isEqualTo("/parameters");
        assertThat(e.get("detail").asText()).isEqualTo("No speech recogniser is configured: start the server with "
                + "--stt-url (an OpenAI-compatible transcription server) or --vosk-model (a Vosk model folder), or "
                + "ask only for fields that can be answered on the keypad (integer, number, boolean, enum of up to 9 "
                + "values).");
    }

    static Stream<Arguments> badBodies() {
        List<Arguments> rows = new ArrayList<>();
        String g = "gather_using_ai";
        // parameters
        rows.add(arguments(g, "{}", "10004", "/parameters"));
        rows.add(arguments(g, "{\"parameters\":null}", "10004", "/parameters"));
        for (String v : List.of("\"x\"", "1", "[]", "true")) {
            rows.add(arguments(g, "{\"parameters\":" + v + "}", "10015", "/parameters"));
        }
        rows.add(arguments(g, "{\"parameters\":{}}", "10015", "/parameters/properties"));
        rows.add(arguments(g, "{\"parameters\":{\"type\":\"object\"}}", "10015", "/parameters/properties"));
        rows.add(arguments(g, "{\"parameters\":{\"type\":\"string\"}}", "10015", "/parameters/type"));
        rows.add(arguments(g, "{\"parameters\":{\"properties\":{\"a\":{\"type\":\"text\"}}}}", "10015",
                "/parameters/properties/a/type"));
        rows.add(arguments(g, "{\"parameters\":{\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.1/s\"}}}}", "10015",
                "/parameters/properties/a/$ref"));
        // the other gather_using_ai fields
        for (String f : List.of("greeting", "gather_ended_speech")) {
            rows.add(arguments(g, "{" + P + ",\"" + f + "\":\"" + "a".repeat(3001) + "\"}", "10015", "/" + f));
            rows.add(arguments(g, "{" + P + ",\"" + f + "\":5}", "10015", "/" + f));
        }
        for (String v : List.of("\"\"", "5", "\"" + "v".repeat(257) + "\"")) {
            rows.add(arguments(g, "{" + P + ",\"voice\":" + v + "}", "10015", "/voice"));
        }
        rows.add(arguments(g, "{" + P + ",\"voice_settings\":\"aws\"}", "10015", "/voice_settings"));
        rows.add(arguments(g, "{" + P + ",\"voice_settings\":{\"type\":1}}", "10015", "/voice_settings/type"));
        rows.add(arguments(g, "{" + P + ",\"language\":\"en-US\"}", "10032", "/language"));
        rows.add(arguments(g, "{" + P + ",\"language\":\"klingon\"}", "10032", "/language"));
        rows.add(arguments(g, "{" + P + ",\"language\":1}", "10015", "/language"));
        rows.add(arguments(g, "{" + P + ",\"transcription\":\"x\"}", "10015", "/transcription"));
        rows.add(arguments(g, "{" + P + ",\"transcription\":{\"model\":1}}", "10015", "/transcription/model"));
        for (String f : List.of("send_partial_results", "send_message_history_updates")) {
            rows.add(arguments(g, "{" + P + ",\"" + f + "\":\"yes\"}", "10015", "/" + f));
        }
        rows.add(arguments(g, "{" + P + ",\"interruption_settings\":true}", "10015", "/interruption_settings"));
        rows.add(arguments(g, "{" + P + ",\"interruption_settings\":{\"enable\":1}}", "10015",
                "/interruption_settings/enable"));
        for (String v : List.of("999", "120001", "0", "-1")) {
            rows.add(arguments(g, "{" + P + ",\"user_response_timeout_ms\":" + v + "}", "10033",
                    "/user_response_timeout_ms"));
        }
        rows.add(arguments(g, "{" + P + ",\"user_response_timeout_ms\":\"5000\"}", "10015", "/user_response_timeout_ms"));
        // gather_using_ai message_history: user and assistant only (an item without role or content is skipped)
        rows.add(arguments(g, "{" + P + ",\"message_history\":{}}", "10015", "/message_history"));
        rows.add(arguments(g, "{" + P + ",\"message_history\":[\"hi\"]}", "10015", "/message_history/0"));
        rows.add(arguments(g, "{" + P + ",\"message_history\":[{\"role\":\"system\",\"content\":\"x\"}]}", "10032",
                "/message_history/0/role"));
        rows.add(arguments(g, "{" + P + ",\"message_history\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":7}]}",
                "10015", "/message_history/1/content"));
        // assistant and tools
        rows.add(arguments(g, "{" + P + ",\"assistant\":[]}", "10015", "/assistant"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"instructions\":5}}", "10015", "/assistant/instructions"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":{}}}", "10015", "/assistant/tools"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{}]}}", "10004", "/assistant/tools/0/type"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"sms\"}]}}", "10032",
                "/assistant/tools/0/type"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"webhook\"}]}}", "10004",
                "/assistant/tools/0/webhook"));
        String hook = "{\"type\":\"webhook\",\"webhook\":{\"name\":\"n\",\"description\":\"d\",\"url\":\"https://h/x\"";
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"webhook\",\"webhook\":{\"description\":\"d\",\"url\":\"https://h/\"}}]}}",
                "10004", "/assistant/tools/0/webhook/name"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"webhook\",\"webhook\":{\"name\":\"n\",\"url\":\"https://h/\"}}]}}",
                "10004", "/assistant/tools/0/webhook/description"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"webhook\",\"webhook\":{\"name\":\"n\",\"description\":\"d\"}}]}}",
                "10004", "/assistant/tools/0/webhook/url"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[" + hook + ",\"method\":\"HEAD\"}}]}}", "10032",
                "/assistant/tools/0/webhook/method"));
        String noUrl = "{\"type\":\"webhook\",\"webhook\":{\"name\":\"n\",\"description\":\"d\"";
        String noName = "{\"type\":\"webhook\",\"webhook\":{\"description\":\"d\",\"url\":\"https://h/x\"";
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[" + noUrl + ",\"url\":\"ftp://h/x\"}}]}}", "10015",
                "/assistant/tools/0/webhook/url"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[" + noName + ",\"name\":\"has space\"}}]}}", "10015",
                "/assistant/tools/0/webhook/name"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[" + hook + ",\"body_parameters\":[]}}]}}", "10015",
                "/assistant/tools/0/webhook/body_parameters"));
        rows.add(arguments(g, "{" + P + ",\"assistant\":{\"tools\":[{\"type\":\"hangup\",\"hangup\":\"x\"}]}}", "10015",
                "/assistant/tools/0/hangup"));
        // ai_assistant_start
        String s = "ai_assistant_start";
        rows.add(arguments(s, "{\"assistant\":{}}", "10004", "/assistant/id"));
        rows.add(arguments(s, "{\"assistant\":{\"id\":5}}", "10015", "/assistant/id"));
        rows.add(arguments(s, "{\"assistant\":{\"id\":\"a\",\"voice_settings\":{}}}", "10004",
                "/assistant/voice_settings/voice"));
        rows.add(arguments(s, "{\"assistant\":{\"id\":\"a\",\"voice_settings\":\"x\"}}", "10015",
                "/assistant/voice_settings"));
        rows.add(arguments(s, "{\"assistant\":\"a1\"}", "10015", "/assistant"));
        rows.add(arguments(s, "{\"assistant\":{\"id\":\"a\",\"greeting\":\"" + "g".repeat(3001) + "\"}}", "10015",
                "/assistant/greeting"));
        rows.add(arguments(s, "{\"assistant\":{\"id\":\"a\",\"dynamic_variables\":{\"x\":{}}}}", "10015",
                "/assistant/dynamic_variables/x"));
        rows.add(arguments(s, "{" + A + ",\"greeting\":\"" + "g".repeat(3001) + "\"}", "10015", "/greeting"));
        rows.add(arguments(s, "{" + A + ",\"participants\":[{\"role\":\"user\"}]}", "10004", "/participants/0/id"));
        rows.add(arguments(s, "{" + A + ",\"participants\":[{\"id\":\"v3:x\"}]}", "10004", "/participants/0/role"));
        rows.add(arguments(s, "{" + A + ",\"participants\":[{\"id\":\"v3:x\",\"role\":\"agent\"}]}", "10032",
                "/participants/0/role"));
        rows.add(arguments(s, "{" + A + ",\"participants\":[{\"id\":\"v3:x\",\"role\":\"user\",\"on_hangup\":\"x\"}]}",
                "10032", "/participants/0/on_hangup"));
        rows.add(arguments(s, "{" + A + ",\"participants\":[1]}", "10015", "/participants/0"));
        rows.add(arguments(s, "{" + A + ",\"message_history\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "10004",
                "/message_history/0/tool_call_id"));
        rows.add(arguments(s, "{" + A + ",\"message_history\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "10032",
                "/message_history/0/role"));
        rows.add(arguments(s, "{" + A + ",\"interruption_settings\":{\"enable\":\"no\"}}", "10015",
                "/interruption_settings/enable"));
        // ai_assistant_add_messages: role by role
        String m = "ai_assistant_add_messages";
        rows.add(arguments(m, "{\"messages\":\"hi\"}", "10015", "/messages"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"user\"}]}", "10004", "/messages/0/content"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"system\"}]}", "10004", "/messages/0/content"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"developer\"}]}", "10004", "/messages/0/content"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"assistant\"}]}", "10004", "/messages/0/content"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}]}",
                "10004", "/messages/0/tool_calls/0/id"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\",\"type\":\"x\",\"function\":{\"name\":\"f\"}}]}]}",
                "10032", "/messages/0/tool_calls/0/type"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"1\",\"type\":\"function\",\"function\":{}}]}]}",
                "10004", "/messages/0/tool_calls/0/function/name"));
        rows.add(arguments(m, "{\"messages\":[{\"role\":\"user\",\"content\":\"x\",\"metadata\":[]}]}", "10015",
                "/messages/0/metadata"));
        rows.add(arguments(m, "{\"trigger_response\":\"true\"}", "10015", "/trigger_response"));
        // common fields on every AI command
        for (String action : List.of(g, s, "ai_assistant_stop", m)) {
            String base = action.equals(g) ? P + "," : action.equals(s) ? A + "," : "";
            rows.add(arguments(action, "{" + base + "\"client_state\":\"not base64!\"}", "10015", "/client_state"));
            rows.add(arguments(action, "{" + base + "\"command_id\":\"\"}", "10015", "/command_id"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} {2} {3}")
    @MethodSource("badBodies")
    void badBodyIsRefusedAndNeverReachesCallControl(String action, String body, String code, String pointer)
            throws Exception {
        TestApi.Response r = post(action, body);
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.body().get("errors")).as(r.raw()).hasSize(1);
        assertThat(r.firstCode()).as(r.raw()).isEqualTo(code);
        assertThat(r.firstPointer()).as(r.raw()).isEqualTo(pointer);
        assertThat(api.calls.received).isEmpty();
    }
}
