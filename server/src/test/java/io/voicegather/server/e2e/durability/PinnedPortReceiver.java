package io.voicegather.server.e2e.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.e2e.peers.WebhookReceiver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A webhook endpoint on a port chosen by the test, so that a second endpoint can take over the same URL after the
 * first one is gone. Signatures are checked with {@link WebhookReceiver#verify}; a bad one is answered 400 and
 * recorded as rejected. Accepted events go, after the reply, to an optional callback on one background thread.
 * Thread-safe.
 */
final class PinnedPortReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request: the envelope's data.id, data.event_type, data.payload, meta.attempt; reject reason or null. */
    record Delivery(String id, String eventType, JsonNode payload, int attempt, String rejectReason) {
    }

    private final HttpServer server;
    private final PublicKey key;
    private final List<Delivery> deliveries = new ArrayList<>();
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
    private volatile Consumer<Delivery> callback = d -> { };
    private volatile Predicate<Delivery> refuse = d -> false;

    private PinnedPortReceiver(int port, String publicKeyBase64) throws IOException {
        this.key = WebhookReceiver.publicKey(publicKeyBase64);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
    }

    static PinnedPortReceiver start(int port, String publicKeyBase64) throws IOException {
        return new PinnedPortReceiver(port, publicKeyBase64);
    }

    /** The port it listens on (the one asked for, or the one chosen when 0 was asked). */
    int port() {
        return server.getAddress().getPort();
    }

    void onEvent(Consumer<Delivery> callback) {
        this.callback = callback;
    }

    /** Well-signed deliveries matching this are answered 503 (and recorded as rejected) until it is replaced. */
    void refuse(Predicate<Delivery> refuse) {
        this.refuse = refuse;
    }

    List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** Waits until the accepted deliveries satisfy the condition; returns them. */
    List<Delivery> awaitAccepted(Predicate<List<Delivery>> done, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (deliveries) {
            while (true) {
                List<Delivery> accepted = deliveries.stream().filter(d -> d.rejectReason() == null).toList();
                if (done.test(accepted)) {
                    return accepted;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("condition not met within " + timeout + "; deliveries " + deliveries);
                }
                TimeUnit.NANOSECONDS.timedWait(deliveries, left);
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String reject = WebhookReceiver.verify(key, ex.getRequestHeaders().getFirst(WebhookReceiver.TIMESTAMP_HEADER),
                    ex.getRequestHeaders().getFirst(WebhookReceiver.SIGNATURE_HEADER), body,
                    System.currentTimeMillis() / 1000);
            Delivery d;
            try {
                JsonNode root = JSON.readTree(body);
                JsonNode data = root.path("data");
                d = new Delivery(data.path("id").asText(null), data.path("event_type").asText(""),
                        data.path("payload"), root.path("meta").path("attempt").asInt(-1), reject);
            } catch (IOException e) {
                d = new Delivery(null, "", null, -1, reject != null ? reject : "not JSON: " + e.getMessage());
            }
            int status = d.rejectReason() == null ? 200 : 400;
            if (status == 200 && refuse.test(d)) {
                d = new Delivery(d.id(), d.eventType(), d.payload(), d.attempt(), "refused by the test");
                status = 503;
            }
            ex.sendResponseHeaders(status, -1);
            synchronized (deliveries) {
                deliveries.add(d);
                deliveries.notifyAll();
            }
            if (d.rejectReason() == null) {
                Delivery accepted = d;
                Consumer<Delivery> cb = callback;
                callbacks.execute(() -> cb.accept(accepted));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        callbacks.shutdownNow();
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
