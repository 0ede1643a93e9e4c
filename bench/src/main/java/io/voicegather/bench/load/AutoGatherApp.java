package io.voicegather.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user's app for a load run: answers every incoming call, starts one gather when it is answered, and counts
 * what comes back (call.dtmf.received per call, call.gather.ended per status). Writes a summary (JSON, plus a
 * shell-sourceable KEY=VALUE file next to it) on SIGTERM or when --duration-seconds has passed.
 *
 * <pre>
 * AutoGatherApp --port 18081 --api http://127.0.0.1:18080 --api-key KEY --digits 1234567890# \
 *               --summary /tmp/run/summary.json [--duration-seconds 600]
 * </pre>
 * Webhook requests are handled on a small pool; commands are sent asynchronously so a slow reply never blocks
 * webhook intake.
 */
public final class AutoGatherApp {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one call has delivered so far. */
    private static final class CallTally {
        final AtomicInteger dtmf = new AtomicInteger();
        final AtomicBoolean answered = new AtomicBoolean();
        final AtomicBoolean hungUp = new AtomicBoolean();
        volatile String gatherStatus;
        volatile String gatherDigits;
    }

    private final HttpClient http = commandClient();
    private final URI api;
    private final String apiKey;
    private final String digits;
    private final Path summary;
    private final Map<String, CallTally> calls = new ConcurrentHashMap<>();
    private final AtomicLong commandsFailed = new AtomicLong();
    private final AtomicLong webhooks = new AtomicLong();
    private final AtomicLong badWebhooks = new AtomicLong();
    private final AtomicBoolean summaryWritten = new AtomicBoolean();
    /** Round-trip time of each REST command (sent to response), ms, by action: shows a slow command path. */
    private final Map<String, java.util.Queue<Long>> commandMillis = new ConcurrentHashMap<>();

    AutoGatherApp(URI api, String apiKey, String digits, Path summary) {
        this.api = api;
        this.apiKey = apiKey;
        this.digits = digits;
        this.summary = summary;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "18081"));
        AutoGatherApp app = new AutoGatherApp(URI.create(opts.getOrDefault("api", "http://127.0.0.1:18080")),
                opts.getOrDefault("api-key", ""), opts.getOrDefault("digits", "1234567890#"),
                Path.of(opts.getOrDefault("summary", "summary.json")));
        listen(port, app::handle);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.writeSummary();
            stop.countDown();
        }, "summary"));
        System.out.println("AutoGatherApp listening on 127.0.0.1:" + port + ", expecting digits " + app.digits);
        long seconds = Long.parseLong(opts.getOrDefault("duration-seconds", "0"));
        if (seconds > 0) {
            if (!stop.await(seconds, TimeUnit.SECONDS)) {
                System.exit(0);   // runs the shutdown hook
            }
        } else {
            stop.await();
        }
    }

    /** The client an app sends its call commands with (HTTP/1.1, 4 threads); also the chaos run's app's. */
    public static HttpClient commandClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    }

    /** An app's webhook endpoint, started: every path on loopback {@code port} to {@code handler}, on 8 threads. */
    public static HttpServer listen(int port, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        server.createContext("/", handler);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return server;
    }

    /** One call command: POST {@code /v2/calls/ID/actions/ACTION} with a JSON body. */
    public static HttpRequest commandRequest(URI api, String apiKey, String id, String action, String body) {
        return HttpRequest.newBuilder(URI.create(api + "/v2/calls/" + id + "/actions/" + action))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    /** {@code --name value} pairs; also read by the chaos run's app. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            webhooks.incrementAndGet();
            JsonNode data;
            try {
                data = JSON.readTree(body).path("data");
            } catch (IOException e) {
                badWebhooks.incrementAndGet();
                return;
            }
            onEvent(data.path("event_type").asText(""), data.path("payload"));
        }
    }

    void onEvent(String type, JsonNode payload) {
        String id = payload.path("call_control_id").asText("");
        if (id.isEmpty()) {
            badWebhooks.incrementAndGet();
            return;
        }
        CallTally call = calls.computeIfAbsent(id, k -> new CallTally());
        switch (type) {
            case "call.initiated" -> command(id, "answer", JSON.createObjectNode());
            case "call.answered" -> {
                if (call.answered.compareAndSet(false, true)) {
                    ObjectNode gather = JSON.createObjectNode()
                            .put("minimum_digits", 1)
                            .put("maximum_digits", digits.replace("#", "").length())
                            .put("terminating_digit", "#")
                            .put("valid_digits", "0123456789*#")
                            .put("timeout_millis", 120_000)
                            .put("initial_timeout_millis", 60_000)
                            .put("inter_digit_timeout_millis", 30_000);
                    command(id, "gather", gather);
                }
            }
            case "call.dtmf.received" -> call.dtmf.incrementAndGet();
            case "call.gather.ended" -> {
                call.gatherStatus = payload.path("status").asText("?");
                call.gatherDigits = payload.path("digits").asText("");
            }
            case "call.hangup" -> call.hungUp.set(true);
            default -> { }
        }
    }

    private void command(String id, String action, ObjectNode body) {
        HttpRequest req = commandRequest(api, apiKey, id, action, body.toString());
        long sent = System.nanoTime();
        http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((res, err) -> {
            commandMillis.computeIfAbsent(action, k -> new java.util.concurrent.ConcurrentLinkedQueue<>())
                    .add((System.nanoTime() - sent) / 1_000_000);
            if (err != null || res.statusCode() / 100 != 2) {
                commandsFailed.incrementAndGet();
                System.err.println(action + " " + id + " failed: " + (err != null ? err : res.statusCode()));
            }
        });
    }

    /** Builds the summary; lost digits are counted per answered call (expected minus call.dtmf.received). */
    ObjectNode summary() {
        int perCall = digits.length();
        String expectedGather = digits.replace("#", "");
        long answered = 0;
        long received = 0;
        long lost = 0;
        long gathersWithWrongDigits = 0;
        Map<String, Long> byStatus = new TreeMap<>();
        for (CallTally c : calls.values()) {
            if (c.answered.get()) {
                answered++;
                int got = c.dtmf.get();
                received += got;
                lost += Math.max(0, perCall - got);
            }
            if (c.gatherStatus != null) {
                byStatus.merge(c.gatherStatus, 1L, Long::sum);
                if (!expectedGather.equals(c.gatherDigits)) {
                    gathersWithWrongDigits++;
                }
            }
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("calls_seen", calls.size());
        s.put("calls_answered", answered);
        s.put("calls_hung_up", calls.values().stream().filter(c -> c.hungUp.get()).count());
        s.put("gathers_ended", byStatus.values().stream().mapToLong(Long::longValue).sum());
        ObjectNode statuses = s.putObject("gathers_ended_by_status");
        byStatus.forEach(statuses::put);
        s.put("gathers_with_wrong_digits", gathersWithWrongDigits);
        s.put("digits_per_call", perCall);
        s.put("digits_expected", answered * perCall);
        s.put("digits_received", received);
        s.put("digits_lost", lost);
        s.put("webhooks", webhooks.get());
        s.put("bad_webhooks", badWebhooks.get());
        s.put("commands_failed", commandsFailed.get());
        ObjectNode latency = s.putObject("command_round_trip_ms");
        new TreeMap<>(commandMillis).forEach((action, q) -> {
            long[] v = q.stream().mapToLong(Long::longValue).sorted().toArray();
            if (v.length > 0) {
                latency.putObject(action).put("n", v.length).put("p50", v[v.length / 2])
                        .put("p90", v[(int) (v.length * 0.9)]).put("p99", v[(int) (v.length * 0.99)])
                        .put("max", v[v.length - 1]);
            }
        });
        return s;
    }

    private void writeSummary() {
        if (!summaryWritten.compareAndSet(false, true)) {
            return;
        }
        ObjectNode s = summary();
        try {
            Files.writeString(summary, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
            StringBuilder env = new StringBuilder();
            s.fields().forEachRemaining(e -> {
                if (e.getValue().isNumber()) {
                    env.append(e.getKey().toUpperCase()).append('=').append(e.getValue().asLong()).append('\n');
                }
            });
            Path envFile = summary.resolveSibling(summary.getFileName().toString().replaceAll("\\.json$", "") + ".env");
            Files.writeString(envFile, env.toString());
        } catch (IOException e) {
            System.err.println("cannot write summary: " + e);
        }
        System.out.println(s.toPrettyString());
    }
}
