package io.voicegather.conformance.javasdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The application's side on loopback: receives the server's webhooks at {@code /hook} and serves the audio prompt
 * at {@code /prompt.wav} for {@code gather_using_audio}.
 */
final class AppEndpoint implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final BlockingQueue<JsonNode> arrived = new LinkedBlockingQueue<>();
    /** The event type of every webhook received, in arrival order. */
    private final List<String> eventTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Events already read past while waiting for another type; a later wait still finds them. */
    private final List<JsonNode> passedOver = new ArrayList<>();
    private final byte[] prompt = silentWav(2_000);

    AppEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                eventTypes.add(body.path("data").path("event_type").asText());
                arrived.add(body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.createContext("/prompt.wav", this::servePrompt);
        server.start();
    }

    String webhookUrl() {
        return base() + "/hook";
    }

    /** The event types of every webhook received so far, in arrival order. */
    List<String> eventTypes() {
        return List.copyOf(eventTypes);
    }

    String promptUrl() {
        return base() + "/prompt.wav";
    }

    /**
     * The next webhook {@code data} of this event type for this call (any call when {@code callControlId} is null).
     */
    JsonNode awaitEvent(String eventType, String callControlId, long timeoutMillis) throws InterruptedException {
        for (Iterator<JsonNode> it = passedOver.iterator(); it.hasNext(); ) {
            JsonNode data = it.next();
            if (matches(data, eventType, callControlId)) {
                it.remove();
                return data;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            JsonNode body = arrived.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (body == null) {
                throw new AssertionError("no " + eventType + " webhook within " + timeoutMillis + " ms; saw "
                        + passedOver);
            }
            JsonNode data = body.path("data");
            if (matches(data, eventType, callControlId)) {
                return data;
            }
            passedOver.add(data);
        }
    }

    private static boolean matches(JsonNode data, String eventType, String callControlId) {
        return data.path("event_type").asText().equals(eventType)
                && (callControlId == null || data.path("payload").path("call_control_id").asText()
                .equals(callControlId));
    }

    private void servePrompt(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, prompt.length);
            exchange.getResponseBody().write(prompt);
        }
    }

    /** A 16-bit mono 8 kHz WAV of silence: long enough to be a prompt, short enough not to matter. */
    private static byte[] silentWav(int millis) {
        int samples = 8 * millis;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples);
        return b.array(); // the samples stay zero
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
