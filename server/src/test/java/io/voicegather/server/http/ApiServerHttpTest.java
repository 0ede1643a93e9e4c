package io.voicegather.server.http;

import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.GatherCommand;
import io.voicegather.api.command.HangupCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ApiServerHttpTest {
    @RegisterExtension
    static final TestApi api = TestApi.perClass();

    private static void assertOk(TestApi.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.body().get("data").get("result").asText()).isEqualTo("ok");
    }

    @Test
    void gatherWithEmptyObjectGetsEveryDefault() throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/gather", "{}"));
        GatherCommand g = (GatherCommand) api.calls.last().command();
        assertThat(api.calls.last().callControlId()).isEqualTo("abc");
        assertThat(g.meta()).isEqualTo(CommandMeta.NONE);
        assertThat(g.minimumDigits()).isEqualTo(1);
        assertThat(g.maximumDigits()).isEqualTo(128);
        assertThat(g.timeoutMillis()).isEqualTo(60_000);
        assertThat(g.initialTimeoutMillis()).isEqualTo(5_000);
        assertThat(g.interDigitTimeoutMillis()).isEqualTo(5_000);
        assertThat(g.terminatingDigit()).isEqualTo("#");
        assertThat(g.validDigits()).isEqualTo("0123456789#*");
        assertThat(UUID.fromString(g.gatherId())).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \r\n\t "})
    void emptyOrBlankBodyIsAnEmptyObject(String body) throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/gather", body));
        assertThat(((GatherCommand) api.calls.last().command()).maximumDigits()).isEqualTo(128);
        assertOk(api.send("POST", "/v2/calls/abc/actions/hangup", HttpRequest.BodyPublishers.noBody(),
                "Bearer " + TestApi.KEY));
        assertThat(api.calls.last().command()).isEqualTo(new HangupCommand(CommandMeta.NONE));
    }

    @Test
    void gatherWithEveryFieldSetPassesThemThrough() throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/gather", """
                {"minimum_digits":2,"maximum_digits":4.0,"timeout_millis":3600000,"initial_timeout_millis":1,
                 "inter_digit_timeout_millis":250,"terminating_digit":"*","valid_digits":"123ABCD",
                 "gather_id":"g-1","client_state":"aGk=","command_id":"c1","unknown":{"x":[1,2]},
                 "audio_url":null}"""));
        assertThat(api.calls.last().command()).isEqualTo(new GatherCommand(new CommandMeta("aGk=", "c1"),
                2, 4, 3_600_000, 1, 250, "*", "123ABCD", "g-1"));
    }

    @Test
    void emptyTerminatingDigitMeansNoneAndNullMeansDefault() throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/gather", "{\"terminating_digit\":\"\"}"));
        assertThat(((GatherCommand) api.calls.last().command()).terminatingDigit()).isNull();
        assertOk(api.post("/v2/calls/abc/actions/gather", "{\"terminating_digit\":null,\"valid_digits\":null}"));
        GatherCommand g = (GatherCommand) api.calls.last().command();
        assertThat(g.terminatingDigit()).isEqualTo("#");
        assertThat(g.validDigits()).isEqualTo("0123456789#*");
    }

    @Test
    void answerDefaultsAndOverrides() throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/answer", "{}"));
        assertThat(api.calls.last().command()).isEqualTo(new AnswerCommand(CommandMeta.NONE, null, "POST"));
        assertOk(api.post("/v2/calls/abc/actions/answer",
                "{\"webhook_url\":\"https://example.test/hook?a=1\",\"webhook_url_method\":\"get\","
                        + "\"record\":\"record-from-answer\",\"custom_headers\":[{\"name\":\"a\",\"value\":\"b\"}],"
                        + "\"client_state\":\"YWJj\"}"));
        assertThat(api.calls.last().command()).isEqualTo(
                new AnswerCommand(new CommandMeta("YWJj", null), "https://example.test/hook?a=1", "GET", null, null,
                        null, java.util.List.of(new AnswerCommand.Header("a", "b")), null));
    }

    @Test
    void gatherStopAndHangupCarryTheCommonFields() throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/gather_stop", "{\"client_state\":\"YQ\",\"command_id\":\"x\"}"));
        assertThat(api.calls.last()).isEqualTo(new RecordingCallControl.Received("gather_stop", "abc",
                new CommandMeta("YQ", "x")));
        assertOk(api.post("/v2/calls/abc/actions/hangup", "{\"command_id\":\"h\",\"custom_headers\":[]}"));
        assertThat(api.calls.last()).isEqualTo(new RecordingCallControl.Received("hangup", "abc",
                new HangupCommand(new CommandMeta(null, "h"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "POST"})
    void clientStateUpdateAcceptsPutAndPost(String method) throws Exception {
        assertOk(api.send(method, "/v2/calls/abc/actions/client_state_update", "{\"client_state\":\"bmV3\"}",
                "Bearer " + TestApi.KEY));
        assertThat(api.calls.last()).isEqualTo(
                new RecordingCallControl.Received("client_state_update", "abc", "bmV3"));
    }

    @Test
    void percentEncodedIdReachesCallControlDecoded() throws Exception {
        assertOk(api.post("/v2/calls/v3%3Aabc-_x/actions/gather", "{}"));
        assertThat(api.calls.last().callControlId()).isEqualTo("v3:abc-_x");
        assertOk(api.post("/v2/calls/v3:raw/actions/hangup", "{}"));
        assertThat(api.calls.last().callControlId()).isEqualTo("v3:raw");
        assertOk(api.post("/v2/calls/a+b%2Bc%2fd/actions/hangup", "{}"));
        assertThat(api.calls.last().callControlId()).isEqualTo("a+b+c/d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v2/calls/%C3%28/actions/hangup", "/v2/calls/a%00b/actions/hangup",
            "/v2/calls/%FF/actions/hangup", "/v2/calls/%E2%82/actions/gather", "/v2/calls/%0A/actions/hangup"})
    void undecodableIdIs90015AndNeverReachesCallControl(String path) throws Exception {
        TestApi.Response r = api.post(path, "{}");
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.firstCode()).isEqualTo("90015");
        assertThat(r.firstPointer()).isEqualTo("/call_control_id");
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void overlongIdIs90015() throws Exception {
        TestApi.Response r = api.post("/v2/calls/" + "a".repeat(257) + "/actions/hangup", "{}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.firstCode()).isEqualTo("90015");
        assertOk(api.post("/v2/calls/" + "a".repeat(256) + "/actions/hangup", "{}"));
    }

    /**
     * A syntactically bad escape (%zz, a lone %) makes the request line an invalid URI: the JDK server itself
     * answers 400 before any handler runs. This pins that behaviour: a 4xx, never a 5xx, and CallControl untouched.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/v2/calls/v3%zzabc/actions/hangup", "/v2/calls/ab%/actions/hangup",
            "/v2/calls/v3%3/actions/hangup"})
    void malformedEscapeIsRefusedByTheHttpServer(String path) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TestApi.KEY + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 4");
        }
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void trailingSlashIsTolerated() throws Exception {
        assertOk(api.post("/v2/calls/abc/actions/hangup/", "{}"));
        assertThat(api.send("GET", "/v2/calls/abc/", (String) null, "Bearer " + TestApi.KEY).status())
                .isEqualTo(200);
    }

    @Test
    void retrieveRendersCallStatusInSnakeCase() throws Exception {
        TestApi.Response r = api.send("GET", "/v2/calls/v3%3Aq", (String) null, "Bearer " + TestApi.KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        var d = r.body().get("data");
        assertThat(d.get("record_type").asText()).isEqualTo("call");
        assertThat(d.get("call_control_id").asText()).isEqualTo("v3:q");
        assertThat(d.get("call_leg_id").asText()).isEqualTo("leg-1");
        assertThat(d.get("call_session_id").asText()).isEqualTo("session-1");
        assertThat(d.get("is_alive").isBoolean()).isTrue();
        assertThat(d.get("is_alive").asBoolean()).isTrue();
        assertThat(d.get("client_state").asText()).isEqualTo("c3RhdGU=");
        assertThat(d.get("start_time").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(d.has("end_time")).isFalse();
    }

    @Test
    void publicKeyIsServedWithAuth() throws Exception {
        TestApi.Response r = api.send("GET", "/v2/public_key", (String) null, "bearer " + TestApi.KEY);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("data").get("public_key").asText()).isEqualTo(TestApi.PUBLIC_KEY);
        assertThat(r.body().get("data").get("algorithm").asText()).isEqualTo("ed25519");
        assertThat(api.send("GET", "/v2/public_key", (String) null, null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer wrong", "Basic S0VZMDEyMzQ1Njc4OQ==",
            "Token KEY0123456789", "BearerKEY0123456789", "Bearer KEY012345678", "Bearer KEY01234567890"})
    void authFailuresAre401BeforeAnythingElse(String authorization) throws Exception {
        for (String path : List.of("/v2/calls/abc/actions/gather", "/v2/calls/%C3%28/actions/gather", "/v2/nothing")) {
            TestApi.Response r = api.send("POST", path, "not json",
                    authorization.isEmpty() ? null : authorization);
            assertThat(r.status()).as(path + " " + r.raw()).isEqualTo(401);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.firstCode()).isEqualTo("10009");
            assertThat(r.http().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        }
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void authSchemeIsCaseInsensitive() throws Exception {
        assertOk(api.send("POST", "/v2/calls/abc/actions/hangup", "{}", "BEARER " + TestApi.KEY));
        assertOk(api.send("POST", "/v2/calls/abc/actions/hangup", "{}", "bEaReR   " + TestApi.KEY + " "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/calls/abc/actions/gather", "/v2", "/v2/", "/v2/calls", "/v2/calls/",
            "/v2/calls/abc/actions", "/v2/calls/abc/actions/transfer", "/v2/calls/abc/actions/gather/x",
            "/v2/calls//actions/gather", "/v2/calls/abc/actions/gather//", "/v2/calls/abc/other/gather",
            "/v2/public_key/x", "/v2x/calls/abc"})
    void unknownRoutesAre404Json(String path) throws Exception {
        TestApi.Response r = api.post(path, "{}");
        assertThat(r.status()).as(path + " " + r.raw()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.firstCode()).isEqualTo("10007");
        assertThat(r.body().get("errors").get(0).get("title").asText()).isEqualTo("Resource not found");
        assertThat(api.calls.received).isEmpty();
    }

    @Test
    void wrongMethodIs405JsonWithAllow() throws Exception {
        record Case(String method, String path, String allow) {
        }
        for (Case c : List.of(new Case("GET", "/v2/calls/abc/actions/gather", "POST"),
                new Case("PUT", "/v2/calls/abc/actions/answer", "POST"),
                new Case("DELETE", "/v2/calls/abc", "GET"),
                new Case("POST", "/v2/calls/abc", "GET"),
                new Case("POST", "/v2/public_key", "GET"),
                new Case("GET", "/v2/calls/abc/actions/client_state_update", "POST, PUT"))) {
            TestApi.Response r = api.send(c.method(), c.path(), "{}", "Bearer " + TestApi.KEY);
            assertThat(r.status()).as(c.toString()).isEqualTo(405);
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(r.firstCode()).isEqualTo("10405");
            assertThat(r.http().headers().firstValue("Allow")).contains(c.allow());
        }
        assertThat(api.calls.received).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"90015", "90018", "90034"})
    void apiExceptionFromCallControlPassesThrough(String code) throws Exception {
        ApiError error = switch (code) {
            case "90015" -> ApiError.invalidCallControlId("abc");
            case "90018" -> ApiError.callEnded();
            default -> ApiError.notAnswered();
        };
        api.calls.failWith = new ApiException(error);
        for (String action : List.of("answer", "hangup", "gather", "gather_stop")) {
            TestApi.Response r = api.post("/v2/calls/abc/actions/" + action, "{}");
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.firstCode()).isEqualTo(code);
            assertThat(r.body().get("errors").get(0).get("title").asText()).isEqualTo(error.title());
            assertThat(r.body().get("errors").get(0).get("detail").asText()).isEqualTo(error.detail());
            assertThat(r.firstPointer()).isEqualTo("/call_control_id");
        }
        TestApi.Response r = api.send("GET", "/v2/calls/abc", (String) null, "Bearer " + TestApi.KEY);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.firstCode()).isEqualTo(code);
    }

    @Test
    void aBusyCallIs503WithRetryAfter() throws Exception {
        api.calls.failWith = new ApiException(ApiError.callBusy(5000));
        TestApi.Response r = api.post("/v2/calls/abc/actions/gather", "{}");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.firstCode()).isEqualTo("90064");
        assertThat(r.body().get("errors").get(0).get("detail").asText())
                .isEqualTo("The call did not get to this command within 5000 ms; the command was not applied. Retry it.");
        assertThat(r.http().headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void apiExceptionWithOtherStatusKeepsIt() throws Exception {
        api.calls.failWith = new ApiException(List.of(new ApiError(404, "10005", "Not found", null, null),
                new ApiError(404, "10006", "Second", "d", "/x")));
        TestApi.Response r = api.post("/v2/calls/abc/actions/hangup", "{}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("errors")).hasSize(2);
        assertThat(r.body().get("errors").get(1).get("source").get("pointer").asText()).isEqualTo("/x");
    }

    @Test
    void unexpectedExceptionIs500Json() throws Exception {
        api.calls.failWith = new IllegalStateException("boom");
        TestApi.Response r = api.post("/v2/calls/abc/actions/hangup", "{}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.firstCode()).isEqualTo("10000");
        assertThat(r.raw()).doesNotContain("boom");
    }

    @Test
    void bodyOverOneMebibyteIs413Json() throws Exception {
        String big = "{\"client_state\":\"" + "A".repeat(1 << 20) + "\"}";
        TestApi.Response r = api.post("/v2/calls/abc/actions/hangup", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.firstCode()).isEqualTo("10413");
        // Also when streamed without a Content-Length (chunked).
        byte[] bytes = big.getBytes();
        r = api.send("POST", "/v2/calls/abc/actions/hangup", HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(bytes)), "Bearer " + TestApi.KEY);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.firstCode()).isEqualTo("10413");
        assertThat(api.calls.received).isEmpty();
        // The server stays usable afterwards.
        assertOk(api.post("/v2/calls/abc/actions/hangup", "{}"));
    }

    @Test
    void bodyJustUnderTheLimitIsParsed() throws Exception {
        String pad = "x".repeat((1 << 20) - 100);
        assertOk(api.post("/v2/calls/abc/actions/hangup", "{\"ignored\":\"" + pad + "\"}"));
    }
}
