package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dev phone's page does, without a browser: logs in to the console for its cookie, opens the WebSocket
 * from the console's origin, sends JSON actions, and keeps the JSON messages and the amount of audio it gets.
 */
final class DevPhoneSocket implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    private final AtomicLong audioBytes = new AtomicLong();
    private final WebSocket socket;

    private DevPhoneSocket(WebSocket socket) {
        this.socket = socket;
    }

    static DevPhoneSocket open(E2eServer server) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String origin = "http://127.0.0.1:" + server.server.httpPort();
        HttpResponse<Void> login = http.send(HttpRequest.newBuilder(URI.create(origin + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + E2eServer.API_KEY)).build(),
                HttpResponse.BodyHandlers.discarding());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        DevPhoneSocket[] self = new DevPhoneSocket[1];
        WebSocket ws = http.newWebSocketBuilder().header("Origin", origin)
                .header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                .buildAsync(URI.create("ws://127.0.0.1:" + server.server.devPhonePort() + "/phone/ws"),
                        new WebSocket.Listener() {
                            private final StringBuilder text = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                text.append(data);
                                if (last) {
                                    try {
                                        self[0].messages.add(JSON.readTree(text.toString()));
                                    } catch (Exception e) {
                                        throw new AssertionError("not JSON: " + text, e);
                                    }
                                    text.setLength(0);
                                }
                                w.request(1);
                                return null;
                            }

                            @Override
                            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                self[0].audioBytes.addAndGet(data.remaining());
                                w.request(1);
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        self[0] = new DevPhoneSocket(ws);
        return self[0];
    }

    /** Sends an action written with single quotes for JSON's double ones. */
    void send(String singleQuotedJson) {
        socket.sendText(singleQuotedJson.replace('\'', '"'), true).join();
    }

    /** Calls: the dev phone says it is calling, then the server's 180 says it rings. */
    void call(String number, String caller) throws InterruptedException {
        send("{'action':'call','to':'" + number + "','from':'" + caller + "'}");
        expectState("calling");
        expectState("ringing");
    }

    /** The next state message, which must be {@code state}. */
    JsonNode expectState(String state) throws InterruptedException {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as(m.toString()).isEqualTo("state");
        assertThat(m.path("state").asText()).as(m.toString()).isEqualTo(state);
        return m;
    }

    /** The next message, which must be an error saying {@code message}. */
    void expectError(String message) throws InterruptedException {
        JsonNode m = next();
        assertThat(m.path("type").asText()).as(m.toString()).isEqualTo("error");
        assertThat(m.path("message").asText()).isEqualTo(message);
    }

    long audioBytes() {
        return audioBytes.get();
    }

    private JsonNode next() throws InterruptedException {
        JsonNode m = messages.poll(E2eServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message from the dev phone within " + E2eServer.WAIT).isNotNull();
        return m;
    }

    /** Drops the connection at once, as a closed tab does. */
    @Override
    public void close() {
        socket.abort();
    }
}
