package io.voicegather.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.api.webhook.WebhookSignature;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application side of {@link WebhookThroughput}, run in its own JVM: a JDK HttpServer on loopback that verifies
 * every webhook's signature (BouncyCastle) and checks that each call's events arrive in order (their occurred_at
 * strictly increases per call_control_id), answering 200 with no body. {@code GET /stats} answers
 * {@code received=N bad_signatures=B order_violations=O duplicates=D calls=C min_per_call=L max_per_call=H
 * connections=K}.
 * Prints {@code LISTENING <port>} once it accepts requests.
 * <p>
 * Threading: the server's accept thread plus a pool of 4 handlers; per-call state is updated atomically.
 *
 * <pre>SignatureCheckingReceiver PUBLIC_KEY_BASE64</pre>
 */
public final class SignatureCheckingReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] publicKey;
    private final ConcurrentHashMap<String, CallProgress> calls = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong orderViolations = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    /** Client ports seen: how many connections the sender opened (few when it keeps them alive). */
    private final Set<Integer> connections = ConcurrentHashMap.newKeySet();

    /** The newest occurred_at seen for one call, and how many distinct events it had. */
    private record CallProgress(String lastOccurredAt, int events) {
    }

    private SignatureCheckingReceiver(byte[] publicKey) {
        this.publicKey = publicKey;
    }

    public static void main(String[] args) throws IOException {
        SignatureCheckingReceiver receiver = new SignatureCheckingReceiver(Base64.getDecoder().decode(args[0]));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.createContext("/hooks", receiver::onWebhook);
        server.createContext("/stats", receiver::onStats);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("LISTENING " + server.getAddress().getPort());
        System.out.flush();
    }

    private void onWebhook(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String timestamp = exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
        String signature = exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
        if (!verified(timestamp, body, signature)) {
            badSignatures.incrementAndGet();
        }
        JsonNode data = JSON.readTree(body).path("data");
        checkOrder(data.path("payload").path("call_control_id").asText(), data.path("occurred_at").asText());
        received.incrementAndGet();
        connections.add(exchange.getRemoteAddress().getPort());
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private boolean verified(String timestamp, byte[] body, String signatureBase64) {
        if (timestamp == null || signatureBase64 == null) {
            return false;
        }
        byte[] signature = Base64.getDecoder().decode(signatureBase64);
        byte[] prefix = (timestamp + "|").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return signature.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /** occurred_at has a fixed width, so text order is time order. */
    private void checkOrder(String call, String occurredAt) {
        calls.compute(call, (k, progress) -> {
            if (progress == null) {
                return new CallProgress(occurredAt, 1);
            }
            int c = occurredAt.compareTo(progress.lastOccurredAt());
            if (c == 0) {
                duplicates.incrementAndGet(); // at least once: a redelivery of the latest event is allowed
                return progress;
            }
            if (c < 0) {
                orderViolations.incrementAndGet();
                return progress;
            }
            return new CallProgress(occurredAt, progress.events() + 1);
        });
    }

    private void onStats(HttpExchange exchange) throws IOException {
        int min = calls.values().stream().mapToInt(CallProgress::events).min().orElse(0);
        int max = calls.values().stream().mapToInt(CallProgress::events).max().orElse(0);
        byte[] text = ("received=" + received + " bad_signatures=" + badSignatures + " order_violations="
                + orderViolations + " duplicates=" + duplicates + " calls=" + calls.size() + " min_per_call=" + min
                + " max_per_call=" + max + " connections=" + connections.size()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, text.length);
        exchange.getResponseBody().write(text);
        exchange.close();
    }
}
