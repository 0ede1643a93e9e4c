package io.voicegather.server.e2e.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A loopback webhook endpoint (JDK HttpServer on 127.0.0.1, random port) standing in for the user's app.
 * It keeps every request with its raw bytes, checks the Telnyx Ed25519 signature independently of the server's
 * signer (JDK Ed25519 over {@code telnyx-timestamp + "|" + raw body}, timestamp within ±300 s), answers 400 to a
 * bad signature, parses accepted bodies into {@link Event}s that tests can await, and can hand each event to a
 * callback (run on its own thread, after the HTTP reply, so a callback may call the server back).
 *
 * <p>Thread-safe.
 */
public final class WebhookReceiver implements AutoCloseable {
    public static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
    public static final String TIMESTAMP_HEADER = "telnyx-timestamp";
    public static final long TOLERANCE_SECONDS = 300;
    private static final byte[] ED25519_SPKI_PREFIX = new BigInteger("302a300506032b6570032100", 16).toByteArray();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One HTTP request as received (path still percent-encoded); status is what was answered; rejectReason is null when accepted. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, int status,
                          String rejectReason) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** First value of a header, case-insensitive; null if absent. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase());
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** An accepted webhook: data.event_type, data.payload.call_control_id, data.payload, the whole document. */
    public record Event(String eventType, String callControlId, JsonNode payload, JsonNode root, Request request) {
    }

    private final HttpServer server;
    private final PublicKey publicKey;
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webhook-callbacks");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile Consumer<Event> callback = e -> { };

    private WebhookReceiver(PublicKey publicKey) throws IOException {
        this.publicKey = publicKey;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Verifies every request with this key (standard Base64 of the raw 32-byte Ed25519 public key). */
    public static WebhookReceiver start(String publicKeyBase64) throws IOException {
        return new WebhookReceiver(publicKey(publicKeyBase64));
    }

    /** Accepts every request without checking signatures. */
    public static WebhookReceiver startUnverified() throws IOException {
        return new WebhookReceiver(null);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** http://127.0.0.1:port/webhook (any path is accepted). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port() + "/webhook");
    }

    /** Runs for each accepted event, in arrival order, on one background thread. */
    public void onEvent(Consumer<Event> callback) {
        this.callback = callback;
    }

    /** The next n requests are answered with status (and not counted as events), e.g. to exercise retries. */
    public void failNext(int n, int status) {
        this.failureStatus = status;
        this.failuresLeft.set(n);
    }

    public List<Request> requests() {
        synchronized (events) {
            return List.copyOf(requests);
        }
    }

    public List<Request> rejected() {
        return requests().stream().filter(r -> r.rejectReason() != null).toList();
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first accepted event (already received or arriving within timeout) that matches. */
    public Event await(Predicate<Event> match, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (match.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching webhook within " + timeout + "; received "
                            + events.stream().map(Event::eventType).toList() + ", rejected "
                            + requests.stream().filter(r -> r.rejectReason() != null).map(Request::rejectReason)
                            .toList());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** The first event of this type for this call (callControlId null = any call). */
    public Event await(String eventType, String callControlId, Duration timeout)
            throws InterruptedException, TimeoutException {
        return await(e -> e.eventType().equals(eventType)
                && (callControlId == null || callControlId.equals(e.callControlId())), timeout);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            String reject = null;
            int status = 200;
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                status = failureStatus;
                reject = "forced failure " + status;
            } else if (publicKey != null) {
                reject = verify(publicKey, first(headers, TIMESTAMP_HEADER), first(headers, SIGNATURE_HEADER), body,
                        System.currentTimeMillis() / 1000);
                if (reject != null) {
                    status = 400;
                }
            }
            Event event = null;
            if (reject == null) {
                try {
                    JsonNode root = JSON.readTree(body);
                    JsonNode data = root.path("data");
                    JsonNode payload = data.path("payload");
                    event = new Event(data.path("event_type").asText(""),
                            payload.hasNonNull("call_control_id") ? payload.get("call_control_id").asText() : null,
                            payload, root, null);
                } catch (IOException e) {
                    status = 400;
                    reject = "body is not JSON: " + e.getMessage();
                }
            }
            Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), headers, body, status,
                    reject);
            Event accepted = event == null ? null
                    : new Event(event.eventType(), event.callControlId(), event.payload(), event.root(), request);
            // Recorded before the reply, so whoever got the reply also finds the request here.
            synchronized (events) {
                requests.add(request);
                if (accepted != null) {
                    events.add(accepted);
                }
                events.notifyAll();
            }
            byte[] reply = (reject == null ? "{}" : "{\"error\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, reply.length);
            ex.getResponseBody().write(reply);
            if (accepted != null) {
                Consumer<Event> cb = callback;
                callbacks.execute(() -> cb.accept(accepted));
            }
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** null when the signature is valid for timestamp|body and the timestamp is fresh; otherwise why not. */
    public static String verify(PublicKey key, String timestamp, String signatureBase64, byte[] body, long nowSeconds) {
        if (timestamp == null) {
            return "missing " + TIMESTAMP_HEADER;
        }
        if (signatureBase64 == null) {
            return "missing " + SIGNATURE_HEADER;
        }
        if (!timestamp.matches("\\d{1,12}")) {
            return "timestamp is not unix seconds: " + timestamp;
        }
        if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
            return "timestamp outside ±" + TOLERANCE_SECONDS + " s: " + timestamp;
        }
        try {
            byte[] sig = Base64.getDecoder().decode(signatureBase64.trim());
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            v.update(body);
            return v.verify(sig) ? null : "signature does not match";
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return "signature unreadable: " + e.getMessage();
        }
    }

    /** An Ed25519 public key from standard Base64 of its raw 32 bytes (as Telnyx publishes it). */
    public static PublicKey publicKey(String rawBase64) {
        byte[] raw = Base64.getDecoder().decode(rawBase64);
        if (raw.length != 32) {
            throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
        }
        byte[] spki = new byte[44];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 key", e);
        }
    }

    /** Standard Base64 of the raw 32 bytes of an Ed25519 public key (the last 32 bytes of its X.509 form). */
    public static String rawBase64(PublicKey key) {
        byte[] spki = key.getEncoded();
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    @Override
    public void close() {
        server.stop(0);
        callbacks.shutdownNow();
        if (server.getExecutor() instanceof ExecutorService es) {
            es.shutdownNow();
        }
    }
}
