package io.voicegather.client;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** The application's webhook endpoint in tests: keeps each delivery's raw body and headers, answers 200. */
final class WebhookInbox implements AutoCloseable {
    record Delivery(String body, Map<String, List<String>> headers) {
    }

    private final HttpServer server;
    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    WebhookInbox() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                deliveries.add(new Delivery(body, Map.copyOf(exchange.getRequestHeaders())));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
