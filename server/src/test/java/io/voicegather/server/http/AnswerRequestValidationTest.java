package io.voicegather.server.http;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** answer's routing and SIP header options through the real ApiServer: one row per bad input, then good ones. */
class AnswerRequestValidationTest {
    private static final String URL = "https://app.example/hook";
    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    private static String urls(String inner) {
        return "{\"webhook_urls\":" + inner + "}";
    }

    private static String policy(String type, String retries) {
        return "{\"webhook_retries_policies\":{\"" + type + "\":{\"retries_ms\":" + retries + "}}}";
    }

    private static String custom(String items) {
        return "{\"custom_headers\":" + items + "}";
    }

    private static String header(String name, String value) {
        return "{\"name\":" + name + ",\"value\":" + value + "}";
    }

    /** body, code, pointer, a fragment the detail must contain (or null). */
    static Stream<Arguments> badBodies() {
        List<Arguments> rows = new ArrayList<>();
        // webhook_urls
        for (String v : List.of("\"" + URL + "\"", "[]", "1", "true")) {
            rows.add(arguments(urls(v), "10015", "/webhook_urls", "must be an object"));
        }
        rows.add(arguments(urls("{\"call.gather.ended\":\"ftp://x.example/a\"}"), "10015",
                "/webhook_urls/call.gather.ended", "absolute http or https URL"));
        rows.add(arguments(urls("{\"call.gather.ended\":\"/relative\"}"), "10015",
                "/webhook_urls/call.gather.ended", "absolute http or https URL"));
        rows.add(arguments(urls("{\"call.hangup\":\"https://x.example/#frag\"}"), "10015",
                "/webhook_urls/call.hangup", "absolute http or https URL"));
        rows.add(arguments(urls("{\"call.hangup\":\"https://x.example/" + "a".repeat(2100) + "\"}"), "10015",
                "/webhook_urls/call.hangup", "2048"));
        rows.add(arguments(urls("{\"call.hangup\":7}"), "10015", "/webhook_urls/call.hangup", "must be a string"));
        rows.add(arguments(urls("{\"call.hangup\":{}}"), "10015", "/webhook_urls/call.hangup", "must be a string"));
        rows.add(arguments(urls("{\"a/b~c\":1}"), "10015", "/webhook_urls/a~1b~0c", "must be a string"));
        // the newer SDKs' array form: exactly one URL
        rows.add(arguments(urls("{\"call.hangup\":[]}"), "10015", "/webhook_urls/call.hangup", "it has 0"));
        rows.add(arguments(urls("{\"call.hangup\":[\"" + URL + "\",\"" + URL + "\"]}"), "10015",
                "/webhook_urls/call.hangup", "it has 2"));
        rows.add(arguments(urls("{\"call.hangup\":[7]}"), "10015", "/webhook_urls/call.hangup/0", "must be a string"));
        rows.add(arguments(urls("{\"call.hangup\":[\"ftp://x\"]}"), "10015", "/webhook_urls/call.hangup/0",
                "absolute http or https URL"));
        rows.add(arguments(urls("{\"\":\"" + URL + "\"}"), "10015", "/webhook_urls/", "1 to 128 characters"));
        rows.add(arguments(urls("{\"" + "e".repeat(129) + "\":\"" + URL + "\"}"), "10015",
                "/webhook_urls/" + "e".repeat(129), "1 to 128 characters"));
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i <= EventWebhookFields.MAX_ENTRIES; i++) {
            many.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":\"").append(URL).append('"');
        }
        rows.add(arguments(urls(many + "}"), "10015", "/webhook_urls", "at most 100"));
        // webhook_urls_method
        rows.add(arguments("{\"webhook_urls_method\":\"PUT\"}", "10032", "/webhook_urls_method", "POST, GET"));
        rows.add(arguments("{\"webhook_urls_method\":1}", "10015", "/webhook_urls_method", "must be a string"));
        // webhook_retries_policies
        for (String v : List.of("[]", "\"x\"", "3")) {
            rows.add(arguments("{\"webhook_retries_policies\":" + v + "}", "10015", "/webhook_retries_policies",
                    "must be an object"));
        }
        rows.add(arguments("{\"webhook_retries_policies\":{\"call.hangup\":[1000]}}", "10015",
                "/webhook_retries_policies/call.hangup", "must be an object with 'retries_ms'"));
        rows.add(arguments("{\"webhook_retries_policies\":{\"call.hangup\":{}}}", "10004",
                "/webhook_retries_policies/call.hangup/retries_ms", "is required"));
        rows.add(arguments("{\"webhook_retries_policies\":{\"call.hangup\":{\"retries_ms\":null}}}", "10004",
                "/webhook_retries_policies/call.hangup/retries_ms", "is required"));
        for (String v : List.of("1000", "\"1000\"", "{}")) {
            rows.add(arguments(policy("call.hangup", v), "10015", "/webhook_retries_policies/call.hangup/retries_ms",
                    "must be an array of integers"));
        }
        rows.add(arguments(policy("call.hangup", "[1,2,3,4,5,6]"), "10015",
                "/webhook_retries_policies/call.hangup/retries_ms", "at most 5 delays, not 6"));
        rows.add(arguments(policy("call.hangup", "[1000,-1]"), "10033",
                "/webhook_retries_policies/call.hangup/retries_ms/1", "0 to 60000"));
        rows.add(arguments(policy("call.hangup", "[60001]"), "10033",
                "/webhook_retries_policies/call.hangup/retries_ms/0", "0 to 60000"));
        rows.add(arguments(policy("call.hangup", "[1e300]"), "10033",
                "/webhook_retries_policies/call.hangup/retries_ms/0", "0 to 60000"));
        rows.add(arguments(policy("call.hangup", "[30000,20000,10001]"), "10015",
                "/webhook_retries_policies/call.hangup/retries_ms", "add up to 60001 ms"));
        for (String v : List.of("\"1000\"", "1000.5", "true", "null", "[1000]", "{}")) {
            rows.add(arguments(policy("call.hangup", "[" + v + "]"), "10015",
                    "/webhook_retries_policies/call.hangup/retries_ms/0", "must be an integer"));
        }
        rows.add(arguments("{\"webhook_retries_policies\":{\"\":{\"retries_ms\":[]}}}", "10015",
                "/webhook_retries_policies/", "1 to 128 characters"));
        // custom_headers
        for (String v : List.of("{}", "\"X-A: b\"", "1")) {
            rows.add(arguments(custom(v), "10015", "/custom_headers", "must be an array"));
        }
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i <= AnswerHeaderFields.MAX_HEADERS; i++) {
            tooMany.append(i == 0 ? "" : ",").append(header("\"X-H" + i + "\"", "\"v\""));
        }
        rows.add(arguments(custom(tooMany + "]"), "10015", "/custom_headers", "at most 20 headers, not 21"));
        rows.add(arguments(custom("[\"X-A\"]"), "10015", "/custom_headers/0", "must be an object"));
        rows.add(arguments(custom("[null]"), "10015", "/custom_headers/0", "must be an object"));
        rows.add(arguments(custom("[{\"value\":\"v\"}]"), "10004", "/custom_headers/0/name", "is required"));
        rows.add(arguments(custom("[{\"name\":\"X-A\"}]"), "10004", "/custom_headers/0/value", "is required"));
        rows.add(arguments(custom("[" + header("\"X-A\"", "\"v\"") + "," + header("1", "\"v\"") + "]"), "10015",
                "/custom_headers/1/name", "must be a string"));
        rows.add(arguments(custom("[" + header("\"X-A\"", "2") + "]"), "10015", "/custom_headers/0/value",
                "must be a string"));
        for (String bad : List.of("", "X A", "X:A", "X-\\u00e9", "X@A", "X-A\\r\\nVia", "(X)")) {
            rows.add(arguments(custom("[" + header("\"" + bad + "\"", "\"v\"") + "]"), "10015",
                    "/custom_headers/0/name", "SIP header name of 1 to 64"));
        }
        rows.add(arguments(custom("[" + header("\"X-" + "a".repeat(63) + "\"", "\"v\"") + "]"), "10015",
                "/custom_headers/0/name", "SIP header name of 1 to 64"));
        for (String owned : List.of("Via", "via", "v", "From", "f", "To", "t", "Call-ID", "i", "CSeq", "Contact", "m",
                "Content-Type", "c", "Content-Length", "l", "Content-Disposition", "content-x", "Max-Forwards",
                "Record-Route", "Route", "Allow", "Supported", "k", "Require", "Proxy-Require", "Server",
                "Session-Expires", "x", "WWW-Authenticate")) {
            rows.add(arguments(custom("[" + header("\"" + owned + "\"", "\"v\"") + "]"), "10015",
                    "/custom_headers/0/name", "written by the SIP stack"));
        }
        rows.add(arguments(custom("[" + header("\"User-to-User\"", "\"00\"") + "]"), "10015",
                "/custom_headers/0/name", "in 'sip_headers'"));
        for (String v : List.of("a\\r\\nVia: x", "a\\nb", "a\\rb", "a\\u0000", "a\\u007f", "a\\u001b")) {
            rows.add(arguments(custom("[" + header("\"X-A\"", "\"" + v + "\"") + "]"), "10015",
                    "/custom_headers/0/value", "must not contain CR, LF"));
        }
        rows.add(arguments(custom("[" + header("\"X-A\"", "\"" + "v".repeat(513) + "\"") + "]"), "10015",
                "/custom_headers/0/value", "at most 512 characters"));
        // sip_headers
        rows.add(arguments("{\"sip_headers\":{}}", "10015", "/sip_headers", "must be an array"));
        for (String name : List.of("X-UUI", "User-To", "Via", "P-Asserted-Identity")) {
            rows.add(arguments("{\"sip_headers\":[" + header("\"" + name + "\"", "\"v\"") + "]}", "10015",
                    "/sip_headers/0/name", "Only the User-to-User header is supported"));
        }
        rows.add(arguments("{\"sip_headers\":[{\"name\":\"User-to-User\"}]}", "10004", "/sip_headers/0/value",
                "is required"));
        rows.add(arguments("{\"sip_headers\":[" + header("\"User-to-User\"", "\"a\\r\\nb\"") + "]}", "10015",
                "/sip_headers/0/value", "must not contain CR, LF"));
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} → {1} {2}")
    @MethodSource("badBodies")
    void badBodyIsRefusedAndNeverReachesTheCall(String body, String code, String pointer, String detail)
            throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/answer", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.body().get("errors")).as(r.raw()).hasSize(1);
        assertThat(r.firstCode()).as(r.raw()).isEqualTo(code);
        assertThat(r.firstPointer()).as(r.raw()).isEqualTo(pointer);
        if (detail != null) {
            assertThat(r.body().at("/errors/0/detail").asText()).as(r.raw()).contains(detail);
        }
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void everyBadFieldIsReportedAtOnce() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/answer", "{\"webhook_urls\":{\"call.hangup\":\"x\","
                + "\"call.gather.ended\":\"ftp://y\"},\"webhook_urls_method\":\"PUT\","
                + "\"webhook_retries_policies\":{\"call.hangup\":{\"retries_ms\":[-1,70000]}},"
                + "\"custom_headers\":[{\"name\":\"Via\",\"value\":\"v\"},{\"name\":\"X-A\",\"value\":\"a\\nb\"}],"
                + "\"sip_headers\":[{\"name\":\"X\",\"value\":\"v\"}]}");
        assertThat(r.status()).isEqualTo(422);
        List<String> got = new ArrayList<>();
        r.body().get("errors").forEach(e -> got.add(e.get("code").asText() + " " + e.at("/source/pointer").asText()));
        assertThat(got).containsExactlyInAnyOrder("10015 /webhook_urls/call.hangup",
                "10015 /webhook_urls/call.gather.ended", "10032 /webhook_urls_method",
                "10033 /webhook_retries_policies/call.hangup/retries_ms/0",
                "10033 /webhook_retries_policies/call.hangup/retries_ms/1", "10015 /custom_headers/0/name",
                "10015 /custom_headers/1/value", "10015 /sip_headers/0/name");
    }

    @Test
    void everyOptionReachesTheCallInRequestOrder() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/answer", "{\"webhook_url\":\"" + URL + "\","
                + "\"webhook_urls\":{\"call.gather.ended\":\"http://127.0.0.1:9/g\",\"call.custom.type\":[\"https://b.example/c?x=1\"],\"call.hangup\":null},"
                + "\"webhook_urls_method\":\"get\","
                + "\"webhook_retries_policies\":{\"call.hangup\":{\"retries_ms\":[1000,2000,5000]},"
                + "\"call.gather.ended\":{\"retries_ms\":[]},\"call.answered\":{\"retries_ms\":[12000,12000,12000,12000,12000.0]}},"
                + "\"custom_headers\":[{\"name\":\"X-Tenant\",\"value\":\"acme; a=b\"},{\"name\":\"x-empty\",\"value\":\"\"},"
                + "{\"name\":\"Subject\",\"value\":\"hello\\tthere é\"}],"
                + "\"sip_headers\":[{\"name\":\"user-to-user\",\"value\":\"56a390f3d2b7310023a2;encoding=hex\"}],"
                + "\"record\":\"record-from-answer\",\"send_silence_when_idle\":true,\"preferred_codecs\":\"G722,PCMU\","
                + "\"stream_url\":\"wss://s.example\",\"transcription\":true,\"billing_group_id\":\"x\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("call.gather.ended", "http://127.0.0.1:9/g");
        urls.put("call.custom.type", "https://b.example/c?x=1");
        Map<String, List<Integer>> policies = new LinkedHashMap<>();
        policies.put("call.hangup", List.of(1000, 2000, 5000));
        policies.put("call.gather.ended", List.of());
        policies.put("call.answered", List.of(12000, 12000, 12000, 12000, 12000));
        AnswerCommand expected = new AnswerCommand(CommandMeta.NONE, URL, "POST", urls, "GET", policies,
                List.of(new AnswerCommand.Header("X-Tenant", "acme; a=b"), new AnswerCommand.Header("x-empty", ""),
                        new AnswerCommand.Header("Subject", "hello\tthere é")),
                List.of(new AnswerCommand.Header("User-to-User", "56a390f3d2b7310023a2;encoding=hex")));
        AnswerCommand got = (AnswerCommand) api.calls.last().command();
        assertThat(got).isEqualTo(expected);
        assertThat(got.webhookUrls().keySet()).containsExactly("call.gather.ended", "call.custom.type");
        assertThat(got.webhookRetriesPolicies().keySet())
                .containsExactly("call.hangup", "call.gather.ended", "call.answered");
    }

    @Test
    void absentOrNullOptionsAreTheDefaults() throws Exception {
        for (String body : List.of("{}", "{\"webhook_urls\":null,\"webhook_urls_method\":null,"
                + "\"webhook_retries_policies\":null,\"custom_headers\":null,\"sip_headers\":null}",
                "{\"webhook_urls\":{},\"webhook_retries_policies\":{},\"custom_headers\":[],\"sip_headers\":[]}")) {
            TestApi.Response r = api.post("/v2/calls/abc/actions/answer", body);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
            assertThat(api.calls.last().command()).isEqualTo(new AnswerCommand(CommandMeta.NONE, null, "POST"));
        }
    }
}
