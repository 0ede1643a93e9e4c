package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A real HTTP receiver on loopback that records every request and answers as its behaviour says. */
final class TestReceiver implements AutoCloseable {
    /** Behaviour result: answer 200 at once, then stream a body that never ends (until the client hangs up). */
    static final int OK_WITH_ENDLESS_BODY = -200;

    /** Decides the status for one request; may sleep to simulate a slow receiver. */
    interface Behaviour {
        int respond(Delivery delivery) throws Exception;
    }

    /** One request as received. For GET, {@code body} is the decoded {@code webhook} query parameter. */
    record Delivery(String method, String path, Map<String, String> headers, byte[] body, String rawQuery) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String eventId() {
            return json().path("data").path("id").asText();
        }

        int attempt() {
            return json().path("meta").path("attempt").asInt();
        }

        /** The raw text of the data object, cut from the body exactly as sent. */
        String rawData() {
            String t = text();
            return t.substring("{\"data\":".length(), t.lastIndexOf(",\"meta\":"));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Delivery> deliveries = new ArrayList<>();

    private TestReceiver(int port, Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", exchange -> handle(exchange, behaviour));
        server.setExecutor(executor);
        server.start();
    }

    static TestReceiver start(Behaviour behaviour) throws IOException {
        return new TestReceiver(0, behaviour);
    }

    static TestReceiver startOn(int port, Behaviour behaviour) throws IOException {
        return new TestReceiver(port, behaviour);
    }

    static TestReceiver alwaysOk() throws IOException {
        return start(d -> 200);
    }

    /** A loopback port that nothing listens on right now (connections to it are refused). */
    static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The event ids received so far, by the payload's call_control_id, in arrival order. */
    Map<String, List<String>> eventIdsByCall() {
        Map<String, List<String>> out = new HashMap<>();
        for (Delivery d : deliveries()) {
            out.computeIfAbsent(d.json().path("data").path("payload").path("call_control_id").asText(),
                    k -> new ArrayList<>()).add(d.eventId());
        }
        return out;
    }

    private void handle(HttpExchange exchange, Behaviour behaviour) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if ("GET".equals(exchange.getRequestMethod()) && rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    if (pair.startsWith(WebhookDispatcher.GET_PARAMETER + "=")) {
                        String value = pair.substring(WebhookDispatcher.GET_PARAMETER.length() + 1);
                        body = URLDecoder.decode(value, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            Delivery d = new Delivery(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body,
                    rawQuery);
            synchronized (this) {
                deliveries.add(d);
            }
            int status;
            try {
                status = behaviour.respond(d);
            } catch (Exception e) {
                status = 599;
            }
            if (status == OK_WITH_ENDLESS_BODY) {
                streamForever(exchange);
                return;
            }
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().add("Location", "/elsewhere");
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    private static void streamForever(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0); // chunked
        var out = exchange.getResponseBody();
        long end = System.nanoTime() + 30_000_000_000L;
        try {
            while (System.nanoTime() < end) {
                out.write('x');
                out.flush();
                Thread.sleep(50);
            }
        } catch (InterruptedException | IOException e) {
            // the client hung up or the receiver is stopping
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
