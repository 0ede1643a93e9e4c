package io.voicegather.server.http;

import io.voicegather.server.ops.CallEventLog;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many commands in flight at once: each is observed (for metrics and the call's event log) under its own name, its
 * own call and its own body, never another request's; a request that is not a call command is not observed.
 */
class ConcurrentCommandsObservedTest {
    private static final String[] ACTIONS = {"answer", "hangup", "gather_stop", "client_state_update"};

    @Test
    void eachCommandIsObservedAsItself() throws Exception {
        Map<String, AnsweredCommand> observed = new ConcurrentHashMap<>();
        java.util.Queue<String> order = new java.util.concurrent.ConcurrentLinkedQueue<>();
        ApiServer server = new ApiServer(InetAddress.getLoopbackAddress(), 0, new RecordingCallControl(),
                ApiKeys.anyOf(Set.of("k")), () -> "key");
        server.withCallEvents(command -> {
            observed.put(command.callControlId(), command);
            order.add(command.callControlId());
        }, new ConsoleSources(
                new CallEventLog(10, Duration.ofMinutes(1), Clock.systemUTC()),
                id -> CompletableFuture.completedFuture(false), io.voicegather.api.json.Json::object));
        server.start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            int n = 200;
            for (int i = 0; i < n; i++) {
                String action = ACTIONS[i % ACTIONS.length];
                String body = "{\"client_state\":\"c3RhdGU=\",\"command_id\":\"cmd-" + i + "\"}";
                sent.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                                        + "/v2/calls/call-" + i + "/actions/" + action))
                                .header("Authorization", "Bearer k").header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> r : sent) {
                assertThat(r.get().statusCode()).as(r.get().body()).isEqualTo(200);
            }
            // observed just after each answer is sent
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(observed.keySet()).hasSize(n));
            for (int i = 0; i < n; i++) {
                AnsweredCommand c = observed.get("call-" + i);
                assertThat(c.name()).as("call-" + i).isEqualTo(ACTIONS[i % ACTIONS.length]);
                assertThat(c.request().path("command_id").asText()).as("call-" + i).isEqualTo("cmd-" + i);
            }
            assertThat(order).as("each observed once").hasSize(n);

            // requests that are not call commands are not observed, whatever came before them
            assertThat(send(client, server, "GET", "/v2/calls/call-0", "k").statusCode()).isEqualTo(200);
            assertThat(send(client, server, "POST", "/v2/calls/call-0/actions/answer", "wrong").statusCode())
                    .isEqualTo(401);
            assertThat(send(client, server, "POST", "/v2/calls/last/actions/answer", "k").statusCode()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(observed).containsKey("last"));
            assertThat(order).hasSize(n + 1);
        } finally {
            server.close();
        }
    }

    private static HttpResponse<String> send(HttpClient client, ApiServer server, String method, String path, String key)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
