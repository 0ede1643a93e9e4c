package io.voicegather.server.http;

import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.SendDtmfCommand;
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

/** send_dtmf bodies through the real ApiServer: one row per bad input, one per good one. */
class SendDtmfRequestValidationTest {
    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    /** body, code, pointer, a fragment the detail must contain (or null). */
    static Stream<Arguments> badBodies() {
        List<Arguments> rows = new ArrayList<>();
        for (String body : List.of("{}", "", "{\"digits\":null}", "{\"duration_millis\":250}")) {
            rows.add(arguments(body, "10004", "/digits", "'digits' parameter is required"));
        }
        rows.add(arguments("{\"digits\":\"\"}", "10015", "/digits", "1 to 128 characters"));
        rows.add(arguments("{\"digits\":\"" + "1".repeat(129) + "\"}", "10015", "/digits", "1 to 128 characters"));
        rows.add(arguments("{\"digits\":\"12x4\"}", "10015", "/digits", "'x' at position 2"));
        rows.add(arguments("{\"digits\":\"E\"}", "10015", "/digits", "'E' at position 0"));
        rows.add(arguments("{\"digits\":\"e\"}", "10015", "/digits", "'e' at position 0"));
        rows.add(arguments("{\"digits\":\"1 2\"}", "10015", "/digits", "U+0020 at position 1"));
        rows.add(arguments("{\"digits\":\"1,2\"}", "10015", "/digits", "',' at position 1"));
        rows.add(arguments("{\"digits\":\"p\"}", "10015", "/digits", "'p' at position 0"));
        rows.add(arguments("{\"digits\":\"1\\u0000\"}", "10015", "/digits", "U+0000 at position 1"));
        rows.add(arguments("{\"digits\":\"\\u0661\"}", "10015", "/digits", "U+0661 at position 0")); // Arabic-Indic 1
        for (String v : List.of("1", "true", "[\"1\"]", "{}")) {
            rows.add(arguments("{\"digits\":" + v + "}", "10015", "/digits", "must be a string"));
        }
        for (String v : List.of("99", "501", "0", "-250", "2147483648", "1e300")) {
            rows.add(arguments("{\"digits\":\"1\",\"duration_millis\":" + v + "}", "10033", "/duration_millis",
                    "100 to 500"));
        }
        for (String v : List.of("\"250\"", "250.5", "true", "[250]", "{}")) {
            rows.add(arguments("{\"digits\":\"1\",\"duration_millis\":" + v + "}", "10015", "/duration_millis",
                    "must be an integer"));
        }
        rows.add(arguments("{\"digits\":\"1\",\"client_state\":\"@@\"}", "10015", "/client_state", "Base64"));
        rows.add(arguments("{\"digits\":\"1\",\"command_id\":\"\"}", "10015", "/command_id", null));
        return rows.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} → {1} {2}")
    @MethodSource("badBodies")
    void badBodyIsRefusedAndNeverReachesTheCall(String body, String code, String pointer, String detail)
            throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/send_dtmf", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.body().get("errors")).as(r.raw()).hasSize(1);
        assertThat(r.firstCode()).as(r.raw()).isEqualTo(code);
        assertThat(r.firstPointer()).as(r.raw()).isEqualTo(pointer);
        if (detail != null) {
            assertThat(r.body().at("/errors/0/detail").asText()).contains(detail);
        }
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void everyBadFieldIsReportedAtOnce() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/send_dtmf",
                "{\"digits\":\"1x\",\"duration_millis\":600,\"client_state\":\"!\"}");
        assertThat(r.status()).isEqualTo(422);
        List<String> got = new ArrayList<>();
        r.body().get("errors").forEach(e -> got.add(e.get("code").asText() + " " + e.at("/source/pointer").asText()));
        assertThat(got).containsExactlyInAnyOrder("10015 /client_state", "10015 /digits", "10033 /duration_millis");
    }

    /** body, the digits and duration the call layer receives. */
    static Stream<Arguments> goodBodies() {
        return Stream.of(
                arguments("{\"digits\":\"1\"}", "1", 250),
                arguments("{\"digits\":\"0123456789*#ABCD\",\"duration_millis\":100}", "0123456789*#ABCD", 100),
                arguments("{\"digits\":\"abcd\",\"duration_millis\":500}", "ABCD", 500),
                arguments("{\"digits\":\"1www2WABCDw9\"}", "1www2WABCDw9", 250),
                arguments("{\"digits\":\"w\"}", "w", 250),
                arguments("{\"digits\":\"" + "#".repeat(128) + "\"}", "#".repeat(128), 250),
                arguments("{\"digits\":\"5\",\"duration_millis\":300.0}", "5", 300),
                arguments("{\"digits\":\"5\",\"duration_millis\":null,\"client_state\":null}", "5", 250),
                arguments("{\"digits\":\"9\",\"extra\":1}", "9", 250));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("goodBodies")
    void goodBodyReachesTheCallNormalised(String body, String digits, int duration) throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/send_dtmf", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.raw()).isEqualTo("{\"data\":{\"result\":\"ok\"}}");
        assertThat(api.calls.last().operation()).isEqualTo("send_dtmf");
        assertThat(api.calls.last().command())
                .isEqualTo(new SendDtmfCommand(CommandMeta.NONE, digits, duration));
    }

    @Test
    void metaIsPassedOn() throws Exception {
        TestApi.Response r = api.post("/v2/calls/abc/actions/send_dtmf",
                "{\"digits\":\"1\",\"client_state\":\"YWJj\",\"command_id\":\"c-1\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(((SendDtmfCommand) api.calls.last().command()).meta())
                .isEqualTo(new CommandMeta("YWJj", "c-1"));
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        TestApi.Response r = api.send("GET", "/v2/calls/abc/actions/send_dtmf", (String) null, "Bearer " + TestApi.KEY);
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.http().headers().firstValue("Allow")).hasValue("POST");
    }
}
