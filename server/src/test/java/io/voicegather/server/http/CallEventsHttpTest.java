package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.api.json.Json;
import io.voicegather.server.ops.CallEventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /v2/call_events over a log of two calls, row by row: each filter and page parameter, and each refusal.
 * Leg A: initiated (webhook, 10:00:00), answer (command, 10:00:01), gather (command that failed, 10:00:02);
 * leg B: initiated (webhook, 10:00:03).
 */
class CallEventsHttpTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        CallEventLog log = new CallEventLog(100, Duration.ofDays(365 * 10), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC));
        log.record(entry("A", "+1555", 0, "call.initiated", CallEventLog.Type.WEBHOOK, false));
        log.record(entry("A", "+1555", 1, "answer", CallEventLog.Type.COMMAND, false));
        log.record(entry("A", "+1555", 2, "gather", CallEventLog.Type.COMMAND, true));
        log.record(new CallEventLog.Entry("leg-B", "session-B", "1", "+1666", "+1999", T0.plusSeconds(3),
                "call.initiated", CallEventLog.Type.WEBHOOK, false, Json.object().put("id", "event-B")));
        log.attempted("event-B", Json.object().put("attempt", 1).put("status", 500).put("latency_ms", 3));
        log.attempted("event-B", Json.object().put("attempt", 2).put("status", 200).put("latency_ms", 2));
        log.answered("event-B", 2, "thanks");
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, new RecordingCallControl(),
                ApiKeys.anyOf(Set.of("k")), () -> "key");
        server.withCallEvents(AnsweredCommand.Observer.NONE, new ConsoleSources(log,
                id -> java.util.concurrent.CompletableFuture.completedFuture(false), Json::object));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CallEventLog.Entry entry(String leg, String from, int second, String name, CallEventLog.Type type,
                                            boolean failed) {
        return new CallEventLog.Entry("leg-" + leg, "session-" + leg, "1", from, "+1999", T0.plusSeconds(second), name,
                type, failed, Json.object().put("n", second));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            // query                                                | names newest first, or status and error code
            "''                                                     | call.initiated gather answer call.initiated",
            "filter[leg_id]=leg-A                                   | gather answer call.initiated",
            "filter%5Bleg_id%5D=leg-B                               | call.initiated",
            "filter[application_session_id]=session-B               | call.initiated",
            "filter[type]=command                                   | gather answer",
            "filter[type]=webhook&filter[leg_id]=leg-A              | call.initiated",
            "filter[failed]=true                                    | gather",
            "filter[name]=answer                                    | answer",
            "filter[from]=%2B1666                                   | call.initiated",
            "filter[connection_id]=2                                | ''",
            "filter[product]=call_control&filter[leg_id]=leg-A      | gather answer call.initiated",
            "filter[product]=fax                                    | ''",
            "filter[occurred_at][gte]=2026-12-07T10:00:01Z          | call.initiated gather answer",
            "filter[occurred_at][gt]=2026-12-07T10:00:01Z           | call.initiated gather",
            "filter[occurred_at][lt]=2026-12-07T10:00:01Z           | call.initiated",
            "filter[occurred_at][lte]=2026-12-07T10:00:01Z          | answer call.initiated",
            "filter[occurred_at][eq]=2026-12-07T10:00:02Z           | gather",
            "filter[status]=completed&filter[leg_id]=leg-B          | call.initiated",
            "page[size]=2                                           | call.initiated gather",
            "page[size]=2&page[number]=2                            | answer call.initiated",
            "page_size=3&page_number=2                              | call.initiated",
            "page[size]=2&page[number]=9                            | ''",
            "filter[type]=sms                                       | 422 10032",
            "filter[failed]=yes                                     | 422 10032",
            "filter[occurred_at][gte]=yesterday                     | 422 10015",
            "filter[leggy]=x                                        | 422 10015",
            "page[size]=0                                           | 422 10033",
            "page[size]=251                                         | 422 10033",
            "page[number]=0                                         | 422 10033",
    })
    void rows(String query, String expected) throws Exception {
        HttpResponse<String> r = get(query, "k");
        JsonNode body = JSON.readTree(r.body());
        if (expected.startsWith("422")) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(body.path("errors").path(0).path("code").asText()).isEqualTo(expected.substring(4));
            return;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode item : body.path("data")) {
            names.add(item.path("name").asText());
            assertThat(item.path("record_type").asText()).isEqualTo("call_event");
        }
        assertThat(String.join(" ", names)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void aWebhookCarriesItsDeliveryAttempts() throws Exception {
        JsonNode item = JSON.readTree(get("filter[name]=call.initiated&filter[leg_id]=leg-B", "k").body())
                .path("data").path(0);
        JsonNode deliveries = item.path("metadata").path("deliveries");
        assertThat(deliveries).hasSize(2);
        assertThat(deliveries.path(0).path("status").asInt()).isEqualTo(500);
        assertThat(deliveries.path(1).path("status").asInt()).isEqualTo(200);
        assertThat(deliveries.path(1).path("response_excerpt").asText()).isEqualTo("thanks");
    }

    @ParameterizedTest(name = "key {0} -> {1}")
    @CsvSource({"k, 200", "wrong, 401"})
    void theApiKeyIsRequired(String key, int status) throws Exception {
        assertThat(get("", key).statusCode()).isEqualTo(status);
    }

    @ParameterizedTest(name = "page size {0}: {1} pages")
    @CsvSource({"1, 4", "3, 2", "20, 1"})
    void metaCountsThePages(int size, int pages) throws Exception {
        JsonNode meta = JSON.readTree(get("page[size]=" + size, "k").body()).path("meta");
        assertThat(meta.path("total_results").asInt()).isEqualTo(4);
        assertThat(meta.path("total_pages").asInt()).isEqualTo(pages);
        assertThat(meta.path("page_size").asInt()).isEqualTo(size);
        assertThat(meta.path("page_number").asInt()).isEqualTo(1);
    }

    private static HttpResponse<String> get(String query, String key) throws Exception {
        String q = query.isEmpty() ? "" : "?" + query.replace("[", "%5B").replace("]", "%5D");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v2/call_events" + q)).header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
