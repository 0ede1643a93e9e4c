package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.api.json.Json;
import io.voicegather.server.ops.CallEventLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console behind its login: nothing but the login form without a session; the API key on the form buys an
 * HttpOnly, SameSite=Strict session cookie; with it, the console page and its data; after logging out, nothing.
 */
class ConsoleHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEV_PHONE_PORT = 8181;
    private static ApiServer server;
    private static final List<String> REPLAYED = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        CallEventLog log = new CallEventLog(100, Duration.ofHours(1), Clock.systemUTC());
        log.record(new CallEventLog.Entry("leg-secret", "session-1", "1", "+15550001111", "+15559990000",
                Instant.now(), "call.initiated", CallEventLog.Type.WEBHOOK, false,
                Json.object().set("payload", Json.object().put("from", "+15550001111"))));
        server = new ApiServer(InetAddress.getLoopbackAddress(), 0, new RecordingCallControl(),
                ApiKeys.anyOf(Set.of("right-key")), () -> "key");
        server.withCallEvents(AnsweredCommand.Observer.NONE, new ConsoleSources(log, id -> {
            REPLAYED.add(id);
            return CompletableFuture.completedFuture(id.equals("event-kept"));
        }, () -> Json.object().put("calls_active", 3)));
        server.withDevPhone(() -> DEV_PHONE_PORT);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void withoutASessionOnlyTheLoginFormIsServed() throws Exception {
        HttpResponse<String> login = get("/", null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).contains("<form method=\"post\" action=\"/console/login\">").doesNotContain("leg-secret");
        HttpResponse<String> console = get("/console", null);
        assertThat(console.statusCode()).isEqualTo(303);
        assertThat(console.headers().firstValue("Location")).hasValue("/");
        HttpResponse<String> data = get("/console/api/events", null);
        assertThat(data.statusCode()).isEqualTo(401);
        assertThat(data.body()).doesNotContain("leg-secret");
        assertThat(get("/console/api/events", "vg_console=forged-token").statusCode()).isEqualTo(401);
        assertThat(get("/console/api/stats", null).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongKeyIsRefusedWithoutACookie() throws Exception {
        HttpResponse<String> r = login("wrong-key");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(r.body()).contains("That is not an API key of this server.");
    }

    @Test
    void theRightKeyOpensTheConsoleUntilLogout() throws Exception {
        HttpResponse<String> r = login("right-key");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/console");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("vg_console=").contains("HttpOnly").contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> console = get("/console", cookie);
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).contains("voicegather console", "/console/api/events");
        assertThat(get("/", cookie).headers().firstValue("Location")).hasValue("/console");

        HttpResponse<String> data = get("/console/api/events?filter%5Bleg_id%5D=leg-secret", cookie);
        assertThat(data.statusCode()).isEqualTo(200);
        JsonNode first = JSON.readTree(data.body()).path("data").path(0);
        assertThat(first.path("name").asText()).isEqualTo("call.initiated");
        assertThat(first.path("metadata").path("payload").path("from").asText()).isEqualTo("+15550001111");

        HttpResponse<String> stats = get("/console/api/stats", cookie);
        assertThat(stats.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(stats.body()).path("calls_active").asInt()).isEqualTo(3);

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(uri("/console/logout")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(get("/console/api/events", cookie).statusCode()).as("the session is over").isEqualTo(401);
    }

    @Test
    void theDevPhonesPageNeedsASessionAndMayReachOnlyItsWebSocket() throws Exception {
        HttpResponse<String> without = get("/phone", null);
        assertThat(without.statusCode()).isEqualTo(303);
        assertThat(without.headers().firstValue("Location")).hasValue("/");

        String setCookie = login("right-key").headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String token = cookie.substring(cookie.indexOf('=') + 1);
        assertThat(server.consoleSessionValid(token)).as("the WebSocket's check of the cookie").isTrue();
        assertThat(server.consoleSessionValid("forged-token")).isFalse();
        HttpResponse<String> page = get("/phone", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("voicegather dev phone", "data-port=\"" + DEV_PHONE_PORT + "\"");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'")
                .contains("connect-src 'self' ws://127.0.0.1:" + DEV_PHONE_PORT + " wss://127.0.0.1:" + DEV_PHONE_PORT);
        assertThat(get("/console", cookie).headers().firstValue("Content-Security-Policy").orElseThrow())
                .as("the console's pages connect nowhere else").doesNotContain("ws://");

        http.send(HttpRequest.newBuilder(uri("/console/logout")).header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(server.consoleSessionValid(token)).as("logged out: the WebSocket refuses it too").isFalse();
        assertThat(get("/phone", cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void aReplayNeedsASessionAndAKnownEvent() throws Exception {
        assertThat(replay("event-kept", null).statusCode()).isEqualTo(401);
        assertThat(REPLAYED).as("nothing replayed without a session").isEmpty();
        String setCookie = login("right-key").headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(replay("event-kept", cookie).statusCode()).isEqualTo(202);
        assertThat(replay("event-gone", cookie).statusCode()).isEqualTo(404);
        assertThat(replay("", cookie).statusCode()).isEqualTo(422);
        assertThat(REPLAYED).containsExactly("event-kept", "event-gone");
    }

    private HttpResponse<String> replay(String eventId, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/console/api/replay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("event_id=" + eventId));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiStaysUnderV2AndOtherPathsAreNotFound() throws Exception {
        assertThat(get("/v2/calls/x", null).statusCode()).isEqualTo(401);
        HttpResponse<String> none = get("/nothing-here", null);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("\"errors\"");
    }

    private HttpResponse<String> login(String key) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + key)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
