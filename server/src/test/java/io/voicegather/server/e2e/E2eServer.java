package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.webhook.SigningKeys;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server under test, started in-process on loopback, with the app side around it: a {@link WebhookReceiver}
 * that verifies every signature with the server's published key, and an {@link ApiClient} holding its API key.
 * Tests tell their calls apart by the SIP From user (each test uses its own caller name).
 *
 * <p>As a JUnit extension ({@code @RegisterExtension static final E2eServer server = E2eServer.perClass(40);}) one
 * server serves a whole test class from a data folder of its own: after each test every webhook must have had a
 * valid signature, and after the last the server is closed and its folder deleted.
 */
final class E2eServer implements AutoCloseable, AfterEachCallback, AfterAllCallback {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String API_KEY = "e2e-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    final VoicegatherServer server;
    final WebhookReceiver hooks;
    final ApiClient api;
    private final String signingKey;
    private final int rtpBase;
    private final int rtpPorts;
    /** The data folder perClass made, deleted after the class; null when the test owns the folder. */
    private Path ownFolder;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private E2eServer(VoicegatherServer server, WebhookReceiver hooks, String signingKey, int rtpBase, int rtpPorts) {
        this.server = server;
        this.rtpBase = rtpBase;
        this.rtpPorts = rtpPorts;
        this.hooks = hooks;
        this.signingKey = signingKey;
        this.api = new ApiClient(URI.create("http://127.0.0.1:" + server.httpPort()), API_KEY);
    }

    /**
     * The receiver must know the verification key before the server knows the receiver's URL, so the signing key
     * is created in the data folder first; the server loads that same key when it starts.
     */
    static E2eServer start(Path dataDir, int rtpPorts) throws IOException {
        return start(dataDir, rtpPorts, new String[0]);
    }

    /** As {@link #start(Path, int)} with 20 RTP ports, more server flags, and the dev phone on a free port. */
    static E2eServer withDevPhone(Path dataDir, String... extraArgs) throws IOException {
        String[] args = new String[extraArgs.length + 2];
        args[0] = "--dev-phone-port";
        args[1] = Integer.toString(FreePorts.udpAndTcp());
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        E2eServer server = start(dataDir, 20, args);
        if (server.server.devPhonePort() == 0) {
            server.close();
            throw new IllegalStateException("the dev phone did not start (its port was taken a moment ago?)");
        }
        return server;
    }

    /** As {@link #start(Path, int)}, with more server flags. */
    static E2eServer start(Path dataDir, int rtpPorts, String... extraArgs) throws IOException {
        String publicKey = SigningKeys.loadOrCreate(dataDir).publicKeyBase64();
        WebhookReceiver hooks = WebhookReceiver.start(publicKey);
        int rtpBase = QuietPorts.forServer(rtpPorts);
        try {
            List<String> args = new java.util.ArrayList<>(List.of(
                    "--http-host", "127.0.0.1", "--http-port", "0",
                    "--sip-host", "127.0.0.1", "--sip-port", "0",
                    "--rtp-ports", rtpBase + "-" + (rtpBase + rtpPorts - 1),
                    "--data-dir", dataDir.toString(),
                    "--api-key", API_KEY,
                    "--webhook-url", hooks.url().toString(),
                    "--dev-phone-port", "0")); // a test that wants the dev phone names a free port
            args.addAll(List.of(extraArgs));
            VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(args.toArray(String[]::new), Map.of()));
            return new E2eServer(server, hooks, publicKey, rtpBase, rtpPorts);
        } catch (IOException | RuntimeException e) {
            hooks.close();
            throw e;
        }
    }

    /** A server in a new temporary data folder, to register as a test class's extension. */
    static E2eServer perClass(int rtpPorts) {
        return perClass(rtpPorts, new String[0]);
    }

    /** As {@link #perClass(int)}, with more server flags. */
    static E2eServer perClass(int rtpPorts, String... extraArgs) {
        try {
            Path folder = Files.createTempDirectory("voicegather-e2e");
            E2eServer started = start(folder, rtpPorts, extraArgs);
            started.ownFolder = folder;
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        assertAllSignaturesValid();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        if (ownFolder != null) {
            try (Stream<Path> paths = Files.walk(ownFolder)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** host:port of the server's SIP listener, as SIPp wants it. */
    String sipTarget() {
        return "127.0.0.1:" + server.sipPort();
    }

    /** The call.initiated of the call whose SIP From user is caller. */
    WebhookReceiver.Event awaitInitiated(String caller) throws InterruptedException, TimeoutException {
        return hooks.await(e -> e.eventType().equals("call.initiated")
                && caller.equals(e.payload().path("from").asText()), WAIT);
    }

    WebhookReceiver.Event await(String eventType, String callControlId)
            throws InterruptedException, TimeoutException {
        return hooks.await(eventType, callControlId, WAIT);
    }

    /** The first call.dtmf.received of the given digit on the call. */
    WebhookReceiver.Event awaitDigit(String callControlId, char digit)
            throws InterruptedException, TimeoutException {
        return hooks.await(e -> e.eventType().equals("call.dtmf.received")
                && callControlId.equals(e.callControlId())
                && e.payload().path("digit").asText().equals(String.valueOf(digit)), WAIT);
    }

    /**
     * Every accepted event of the call, in arrival order (which is emission order: one lane per call). Delivery is
     * at least once, so a slow reply can bring an event twice; like any app, this drops repeats by data.id.
     */
    List<WebhookReceiver.Event> events(String callControlId) {
        Set<String> seen = new HashSet<>();
        return hooks.events().stream().filter(e -> callControlId.equals(e.callControlId()))
                .filter(e -> seen.add(eventId(e))).toList();
    }

    static String eventId(WebhookReceiver.Event e) {
        return e.root().path("data").path("id").asText();
    }

    /** The UDP sockets bound in the server's RTP range (ss -uan), for failure messages. */
    String rtpRangeSockets() {
        try {
            Process p = new ProcessBuilder("ss", "-uanp").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            StringBuilder b = new StringBuilder("RTP range " + rtpBase + "-" + (rtpBase + rtpPorts - 1) + ":\n");
            for (String line : out.split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(line);
                if (m.find()) {
                    int port = Integer.parseInt(m.group(1));
                    if (port >= rtpBase && port < rtpBase + rtpPorts) {
                        b.append(line).append('\n');
                    }
                }
            }
            return b.toString();
        } catch (IOException e) {
            return "ss failed: " + e;
        }
    }

    List<WebhookReceiver.Event> events(String callControlId, String eventType) {
        return events(callControlId).stream().filter(e -> e.eventType().equals(eventType)).toList();
    }

    /** The digits of the call's call.dtmf.received events, in order. */
    String dtmfDigits(String callControlId) {
        StringBuilder b = new StringBuilder();
        events(callControlId, "call.dtmf.received").forEach(e -> b.append(e.payload().path("digit").asText()));
        return b.toString();
    }

    ApiClient.Response action(String callControlId, String action, ObjectNode body)
            throws IOException, InterruptedException {
        return api.action(callControlId, action, body);
    }

    /** POSTs an action and insists on 200. */
    void command(String callControlId, String action, ObjectNode body) throws IOException, InterruptedException {
        ApiClient.Response r = api.action(callControlId, action, body);
        assertThat(r.status()).as(action + " on " + callControlId + ": " + r.body()).isEqualTo(200);
    }

    void answer(String callControlId) throws IOException, InterruptedException {
        command(callControlId, "answer", body());
    }

    void hangup(String callControlId) throws IOException, InterruptedException {
        command(callControlId, "hangup", body());
    }

    /** GET /v2/calls/{id}. */
    ApiClient.Response retrieve(String callControlId) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/calls/"
                        + callControlId))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode json = res.body().isEmpty() ? null : JSON.readTree(res.body());
        return new ApiClient.Response(res.statusCode(), res.body(), json);
    }

    static ObjectNode body() {
        return JSON.createObjectNode();
    }

    /** The Telnyx error code of the first error in a 4xx body. */
    static String errorCode(ApiClient.Response r) {
        return r.json() == null ? null : r.json().path("errors").path(0).path("code").asText(null);
    }

    /** Every webhook so far was signed correctly, with the key the server publishes. */
    void assertAllSignaturesValid() {
        assertThat(server.webhookPublicKey()).isEqualTo(signingKey);
        assertThat(hooks.rejected()).as("webhooks with a bad signature (a failure a test forced is not one)")
                .filteredOn(r -> !r.rejectReason().startsWith("forced failure")).isEmpty();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            hooks.close();
        }
    }
}
