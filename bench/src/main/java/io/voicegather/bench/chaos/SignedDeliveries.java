package io.voicegather.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.voicegather.api.webhook.WebhookSignature;
import io.voicegather.server.webhook.SigningKeys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The webhook endpoint of a chaos run: checks each delivery's Ed25519 signature with the public key the server
 * keeps in its data folder, logs every well-signed one to the {@link DeliveryLog} before answering 200, and
 * answers 400 to anything else (so the server tries again, and a wrong signature shows up as a lost event).
 * <p>
 * Threading: called by the HTTP server's pool; accepted deliveries are then passed to {@code onAccepted}.
 */
final class SignedDeliveries implements HttpHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PublicKey key;
    private final DeliveryLog log;
    private final Consumer<JsonNode> onAccepted;
    private final AtomicLong rejected = new AtomicLong();

    /** @param onAccepted gets the envelope's {@code data} of each accepted delivery, after it is logged */
    SignedDeliveries(PublicKey key, DeliveryLog log, Consumer<JsonNode> onAccepted) {
        this.key = key;
        this.log = log;
        this.onAccepted = onAccepted;
    }

    /** The public key of {@code <dataDir>/webhook-signing-key.properties}, written by the server at its first start. */
    static PublicKey publicKeyOf(Path dataDir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(dataDir.resolve(SigningKeys.FILE_NAME))) {
            p.load(in);
        }
        return WebhookSignature.publicKeyFromBase64(p.getProperty("public_key"));
    }

    long rejected() {
        return rejected.get();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String timestamp = ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
            String signature = ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
            JsonNode root = null;
            if (timestamp != null && signature != null && WebhookSignature.verify(key, timestamp, body, signature)) {
                try {
                    root = JSON.readTree(body);
                } catch (IOException e) {
                    root = null;
                }
            }
            if (root == null) {
                rejected.incrementAndGet();
                ex.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode data = root.path("data");
            log.append(new DeliveryLog.Line(data.path("id").asText(), data.path("payload").path("call_control_id")
                    .asText(), data.path("event_type").asText(), root.path("meta").path("attempt").asInt()));
            ex.sendResponseHeaders(200, -1);
            onAccepted.accept(data);
        }
    }
}
