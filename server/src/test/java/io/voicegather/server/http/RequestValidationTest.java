package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
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

/** One row per bad input: action, body, expected status, code and pointer (null when the error has none). */
class RequestValidationTest {
    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    static Stream<Arguments> badBodies() {
        List<Arguments> rows = new ArrayList<>();
        // Not a JSON object at all: 400 10028.
        for (String body : List.of("{", "}", "{\"a\":}", "nul", "{'a':1}", "{\"a\":1,}", "{} {}", "{}x",
                "\u0000", "{\"a\":1 \"b\":2}", "{\"a\":\"\\x\"}", "{\"a\":\"\u0001\"}", "[1", "{\"a\":01}",
                "[]", "[{}]", "1", "\"{}\"", "true", "null", "1e5",
                "{\"a\":1,\"a\":2}", "[".repeat(10_000), "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}",
                "{\"a\":" + "9".repeat(5000) + "}")) {
            for (String action : List.of("gather", "answer", "hangup", "gather_stop", "client_state_update",
                    "gather_using_ai", "ai_assistant_start", "ai_assistant_stop", "ai_assistant_add_messages")) {
                rows.add(arguments(action, body, 400, "10028", null));
            }
        }
        // Common fields, every command.
        for (String action : List.of("gather", "answer", "hangup", "gather_stop", "client_state_update")) {
            for (String cs : List.of("\"a b\"", "\"YWJj\\n\"", "\"YW=Jj\"", "\"Y\"", "\"YW+j_A==\"",
                    "\"YQ===\"", "\"Y===\"", "\"@@@@\"", "1", "true", "{}", "[]", "\"YQ+\"",
                    "\"" + "A".repeat(4100) + "\"")) {
                rows.add(arguments(action, "{\"client_state\":" + cs + "}", 422, "10015", "/client_state"));
            }
            for (String id : List.of("\"\"", "1", "false", "[\"a\"]", "\"" + "c".repeat(257) + "\"")) {
                String body = action.equals("client_state_update")
                        ? "{\"client_state\":\"YQ==\",\"command_id\":" + id + "}" : "{\"command_id\":" + id + "}";
                rows.add(arguments(action, body, 422, "10015", "/command_id"));
            }
        }
        // client_state_update: client_state required.
        for (String body : List.of("{}", "", "{\"client_state\":null}", "{\"command_id\":\"x\"}")) {
            rows.add(arguments("client_state_update", body, 422, "10004", "/client_state"));
        }
        // gather ranges (10033) and types (10015).
        for (String f : List.of("minimum_digits", "maximum_digits")) {
            for (String v : List.of("0", "129", "-1", "99999999999999999999", "1e300", "-1e300", "0.0")) {
                rows.add(arguments("gather", "{\"" + f + "\":" + v + "}", 422, "10033", "/" + f));
            }
            for (String v : List.of("\"4\"", "4.5", "true", "{}", "[4]", "\"\"", "1.0000001")) {
                rows.add(arguments("gather", "{\"" + f + "\":" + v + "}", 422, "10015", "/" + f));
            }
        }
        for (String f : List.of("timeout_millis", "initial_timeout_millis", "inter_digit_timeout_millis")) {
            for (String v : List.of("0", "3600001", "-5", "2147483648", "9223372036854775808")) {
                rows.add(arguments("gather", "{\"" + f + "\":" + v + "}", 422, "10033", "/" + f));
            }
            for (String v : List.of("\"1000\"", "10.5", "false", "{\"v\":1}", "[]")) {
                rows.add(arguments("gather", "{\"" + f + "\":" + v + "}", 422, "10015", "/" + f));
            }
        }
        rows.add(arguments("gather", "{\"minimum_digits\":5,\"maximum_digits\":4}", 422, "10015", "/minimum_digits"));
        rows.add(arguments("gather", "{\"minimum_digits\":129}", 422, "10033", "/minimum_digits"));
        for (String v : List.of("\"##\"", "\"x\"", "\"a\"", "\"E\"", "\" \"", "1", "true", "[\"#\"]", "\"\\u0000\"")) {
            rows.add(arguments("gather", "{\"terminating_digit\":" + v + "}", 422, "10015", "/terminating_digit"));
        }
        for (String v : List.of("\"\"", "\"12x\"", "\"1 2\"", "\"abc\"", "123", "[\"1\"]", "{}",
                "\"" + "1".repeat(65) + "\"")) {
            rows.add(arguments("gather", "{\"valid_digits\":" + v + "}", 422, "10015", "/valid_digits"));
        }
        for (String v : List.of("\"\"", "\"" + "g".repeat(41) + "\"", "42", "{}")) {
            rows.add(arguments("gather", "{\"gather_id\":" + v + "}", 422, "10015", "/gather_id"));
        }
        // answer.
        for (String v : List.of("\"\"", "\"example.com/hook\"", "\"/relative\"", "\"ftp://example.com/x\"",
                "\"http://\"", "\"http:// bad\"", "\"https://h/x#frag\"", "1", "true", "{}", "[]",
                "\"http://" + "h".repeat(2100) + "\"")) {
            rows.add(arguments("answer", "{\"webhook_url\":" + v + "}", 422, "10015", "/webhook_url"));
        }
        for (String v : List.of("\"PUT\"", "\"\"", "\"posts\"", "\"GET \"")) {
            rows.add(arguments("answer", "{\"webhook_url_method\":" + v + "}", 422, "10032", "/webhook_url_method"));
        }
        for (String v : List.of("1", "true", "[]")) {
            rows.add(arguments("answer", "{\"webhook_url_method\":" + v + "}", 422, "10015", "/webhook_url_method"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} {2} {3} {4}")
    @MethodSource("badBodies")
    void badBodyIsRefusedAndNeverReachesCallControl(String action, String body, int status, String code,
                                                   String pointer) throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/" + action, body);
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body()).as(r.raw()).isNotNull();
        assertThat(r.body().get("errors")).hasSize(1);
        assertThat(r.firstCode()).as(r.raw()).isEqualTo(code);
        assertThat(r.firstPointer()).isEqualTo(pointer);
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void invalidJsonDetailNamesThePosition() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/gather", "{\"minimum_digits\": 1,\n \"x\": }");
        assertThat(r.status()).isEqualTo(400);
        JsonNode e = r.body().get("errors").get(0);
        assertThat(e.get("title").asText()).isEqualTo("Invalid request body");
        assertThat(e.get("detail").asText()).contains("at position 28").contains("line 2");
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/gather", """
                {"minimum_digits":"1","maximum_digits":500,"timeout_millis":0,"initial_timeout_millis":1.5,
                 "inter_digit_timeout_millis":true,"terminating_digit":"x","valid_digits":"","gather_id":"",
                 "client_state":"!","command_id":""}""");
        assertThat(r.status()).isEqualTo(422);
        List<String> got = new ArrayList<>();
        r.body().get("errors").forEach(e -> got.add(e.get("code").asText() + " " + e.get("source").get("pointer").asText()));
        assertThat(got).containsExactlyInAnyOrder(
                "10015 /client_state", "10015 /command_id", "10015 /minimum_digits", "10033 /maximum_digits",
                "10033 /timeout_millis", "10015 /initial_timeout_millis", "10015 /inter_digit_timeout_millis",
                "10015 /terminating_digit", "10015 /valid_digits", "10015 /gather_id");
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void goodEdgeValuesAreAccepted() throws Exception {
        for (String body : List.of("{\"minimum_digits\":128,\"maximum_digits\":128}",
                "{\"minimum_digits\":1,\"maximum_digits\":1,\"timeout_millis\":1}",
                "{\"timeout_millis\":3600000,\"initial_timeout_millis\":3600000,\"inter_digit_timeout_millis\":1e3}",
                "{\"maximum_digits\":4.0,\"minimum_digits\":4E0}",
                "{\"terminating_digit\":\"D\",\"valid_digits\":\"0123456789*#ABCD\"}",
                "{\"gather_id\":\"" + "g".repeat(40) + "\",\"command_id\":\"" + "c".repeat(256) + "\"}",
                "{\"client_state\":\"\"}", "{\"client_state\":\"YQ\"}", "{\"client_state\":\"YQ==\"}",
                "{\"client_state\":\"-_-_\"}", "{\"client_state\":\"+/+/\"}", "{\"client_state\":\"YWI\"}",
                "{\"client_state\":\"YWI=\"}", "{\"client_state\":\"" + "A".repeat(4096) + "\"}",
                "{\"client_state\":null,\"command_id\":null,\"gather_id\":null,\"minimum_digits\":null}")) {
            api.calls.reset();
            TestApi.Response r = api.post("/v2/calls/abc/actions/gather", body);
            assertThat(r.status()).as(body + " → " + r.raw()).isEqualTo(200);
            assertThat(api.calls.received).hasSize(1);
        }
    }
}
