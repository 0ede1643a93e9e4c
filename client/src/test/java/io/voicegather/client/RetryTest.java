package io.voicegather.client;

import io.voicegather.client.StubServer.Reply;
import io.voicegather.client.errors.InternalServerException;
import io.voicegather.client.errors.UnprocessableEntityException;
import io.voicegather.client.models.calls.actions.ActionGatherParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiResponse;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiParams;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry behaviour against a scripted real HTTP server. */
class RetryTest {
    private static final String OK = "{\"data\":{\"result\":\"ok\"}}";
    private static final String UNAVAILABLE = "{\"errors\":[{\"code\":\"10000\",\"title\":\"Unavailable\"}]}";

    private static VoicegatherClient client(StubServer stub, int maxRetries) {
        return VoicegatherClient.builder().apiKey("key-1").baseUrl(stub.baseUrl()).maxRetries(maxRetries)
                .timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void serverErrorsAreRetriedUntilSuccess() throws Exception {
        try (StubServer stub = new StubServer(Reply.of(503, UNAVAILABLE), Reply.of(503, UNAVAILABLE), Reply.of(200, OK))) {
            var response = client(stub, 2).calls().actions().gather("v3:abc",
                    ActionGatherParams.builder().maximumDigits(4).build());
            assertThat(response.data().result()).isEqualTo("ok");
            assertThat(stub.seen()).hasSize(3);
            for (StubServer.Seen s : stub.seen()) {
                assertThat(s.method()).isEqualTo("POST");
                assertThat(s.rawPath()).isEqualTo("/v2/calls/v3%3Aabc/actions/gather");
                assertThat(s.body()).isEqualTo("{\"maximum_digits\":4}");
                assertThat(s.headers().get("Authorization")).containsExactly("Bearer key-1");
                assertThat(s.headers().get("Content-type")).containsExactly("application/json");
            }
        }
    }

    @Test
    void retriesStopAtMaxRetries() throws Exception {
        try (StubServer stub = new StubServer(Reply.of(500, UNAVAILABLE))) {
            assertThatThrownBy(() -> client(stub, 1).calls().actions().hangup("x"))
                    .isInstanceOf(InternalServerException.class);
            assertThat(stub.seen()).hasSize(2);
        }
    }

    @Test
    void maxRetriesZeroSendsOnce() throws Exception {
        try (StubServer stub = new StubServer(Reply.of(503, UNAVAILABLE), Reply.of(200, OK))) {
            assertThatThrownBy(() -> client(stub, 0).calls().actions().hangup("x"))
                    .isInstanceOf(InternalServerException.class)
                    .satisfies(e -> assertThat(((InternalServerException) e).statusCode()).isEqualTo(503));
            assertThat(stub.seen()).hasSize(1);
        }
    }

    @Test
    void unprocessableIsNeverRetried() throws Exception {
        String body = "{\"errors\":[{\"code\":\"90018\",\"title\":\"Call has already ended\","
                + "\"source\":{\"pointer\":\"/call_control_id\"}}]}";
        try (StubServer stub = new StubServer(Reply.of(422, body), Reply.of(200, OK))) {
            assertThatThrownBy(() -> client(stub, 2).calls().actions().hangup("x"))
                    .isInstanceOf(UnprocessableEntityException.class);
            assertThat(stub.seen()).hasSize(1);
        }
    }

    @Test
    void rateLimitWaitsForRetryAfter() throws Exception {
        String limited = "{\"errors\":[{\"code\":\"10011\",\"title\":\"Too many requests\"}]}";
        try (StubServer stub = new StubServer(new Reply(429, Map.of("Retry-After", "2"), limited), Reply.of(200, OK))) {
            assertThat(client(stub, 2).calls().actions().stopGather("x").data().result()).isEqualTo("ok");
            assertThat(stub.seen()).hasSize(2);
            long waited = stub.seen().get(1).atNanos() - stub.seen().get(0).atNanos();
            // Our own first backoff is at most 500 ms; a wait of 2 s can only come from the header.
            assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isGreaterThanOrEqualTo(1900);
        }
    }

    @Test
    void retryAfterMsIsHonoured() throws Exception {
        try (StubServer stub = new StubServer(new Reply(408, Map.of("Retry-After-Ms", "1500"), ""), Reply.of(200, OK))) {
            client(stub, 2).calls().actions().stopGather("x");
            long waited = stub.seen().get(1).atNanos() - stub.seen().get(0).atNanos();
            assertThat(TimeUnit.NANOSECONDS.toMillis(waited)).isGreaterThanOrEqualTo(1400);
        }
    }

    @Test
    void xShouldRetryOverridesTheStatus() throws Exception {
        try (StubServer stub = new StubServer(new Reply(503, Map.of("X-Should-Retry", "false"), UNAVAILABLE),
                Reply.of(200, OK))) {
            assertThatThrownBy(() -> client(stub, 2).calls().actions().hangup("x"))
                    .isInstanceOf(InternalServerException.class);
            assertThat(stub.seen()).hasSize(1);
        }
        try (StubServer stub = new StubServer(new Reply(400, Map.of("X-Should-Retry", "true"), "{}"),
                Reply.of(200, OK))) {
            assertThat(client(stub, 2).calls().actions().hangup("x").data().result()).isEqualTo("ok");
            assertThat(stub.seen()).hasSize(2);
        }
    }

    @Test
    void conflictIsRetriedAsync() throws Exception {
        try (StubServer stub = new StubServer(Reply.of(409, "{}"),
                Reply.of(200, "{\"data\":{\"result\":\"ok\",\"conversation_id\":\"c-1\"}}"))) {
            ActionGatherUsingAiResponse r = client(stub, 2).async().calls().actions()
                    .gatherUsingAi("x", ActionGatherUsingAiParams.builder().parameters(Map.of("type", "object")).build())
                    .get(30, TimeUnit.SECONDS);
            assertThat(r.data().conversationId()).isEqualTo("c-1");
            assertThat(stub.seen()).hasSize(2);
            assertThat(stub.seen().get(0).body()).isEqualTo("{\"parameters\":{\"type\":\"object\"}}");
        }
    }

    @Test
    void updateClientStateUsesPutAndRetrieveUsesGet() throws Exception {
        String status = "{\"data\":{\"record_type\":\"call\",\"call_control_id\":\"v3:x\",\"call_leg_id\":\"l\","
                + "\"call_session_id\":\"s\",\"is_alive\":true,\"client_state\":\"aGk=\","
                + "\"start_time\":\"2026-01-01T00:00:00Z\"}}";
        try (StubServer stub = new StubServer(Reply.of(200, OK), Reply.of(200, status))) {
            VoicegatherClient c = client(stub, 0);
            c.calls().actions().updateClientState("v3:x",
                    io.voicegather.client.models.calls.actions.ActionUpdateClientStateParams.builder()
                            .clientState("aGk=").build());
            var retrieved = c.calls().retrieveStatus("v3:x").data();
            assertThat(stub.seen().get(0).method()).isEqualTo("PUT");
            assertThat(stub.seen().get(0).rawPath()).isEqualTo("/v2/calls/v3%3Ax/actions/client_state_update");
            assertThat(stub.seen().get(0).body()).isEqualTo("{\"client_state\":\"aGk=\"}");
            assertThat(stub.seen().get(1).method()).isEqualTo("GET");
            assertThat(stub.seen().get(1).rawPath()).isEqualTo("/v2/calls/v3%3Ax");
            assertThat(retrieved.isAlive()).isTrue();
            assertThat(retrieved.callLegId()).isEqualTo("l");
            assertThat(retrieved.clientState()).isEqualTo("aGk=");
            assertThat(retrieved.endTime()).isNull();
        }
    }
}
