package io.voicegather.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.bench.load.AutoGatherApp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The application of a chaos run, on two ports. The app port (the server's --webhook-url) gets call.initiated and
 * answers each new call with {@code webhook_url} pointing at the hook port, then starts one gather; so every later
 * event of the call goes to the hook port. The hook port opens only after --down-seconds: until then the server
 * finds it refusing connections, as an application that is down. Both ports verify every signature and log every
 * accepted delivery ({@link DeliveryLog}); {@link ChaosCheck} compares the log with the server's outbox.
 *
 * <pre>
 * ChaosApp --app-port 28082 --hook-port 28081 --down-seconds 0 --api http://127.0.0.1:28080 --api-key KEY \
 *          --data-dir DATA --max-digits 40 --log deliveries.tsv
 * </pre>
 * Lifecycle: runs until SIGTERM, then closes the log and prints how many deliveries were rejected.
 */
public final class ChaosApp {
    private final HttpClient http = AutoGatherApp.commandClient();
    private final URI api;
    private final String apiKey;
    /** Sends the call's later events to the hook port. */
    private final String answerBody;
    private final String gatherBody;
    /** Calls already answered: a call.initiated delivered again after a crash must not answer twice. */
    private final Set<String> answered = ConcurrentHashMap.newKeySet();
    private final AtomicLong commandsFailed = new AtomicLong();

    private ChaosApp(URI api, String apiKey, int hookPort, int maxDigits) {
        this.api = api;
        this.apiKey = apiKey;
        this.answerBody = "{\"webhook_url\":\"http://127.0.0.1:" + hookPort + "/hooks\"}";
        this.gatherBody = "{\"minimum_digits\":1,\"maximum_digits\":" + maxDigits + ",\"terminating_digit\":\"#\","
                + "\"timeout_millis\":120000,\"initial_timeout_millis\":60000,\"inter_digit_timeout_millis\":30000}";
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = AutoGatherApp.parse(args);
        int appPort = Integer.parseInt(o.get("app-port"));
        int hookPort = Integer.parseInt(o.get("hook-port"));
        long downSeconds = Long.parseLong(o.getOrDefault("down-seconds", "0"));
        PublicKey key = SignedDeliveries.publicKeyOf(Path.of(o.get("data-dir")));
        DeliveryLog log = new DeliveryLog(Path.of(o.get("log")));
        ChaosApp app = new ChaosApp(URI.create(o.get("api")), o.get("api-key"), hookPort,
                Integer.parseInt(o.getOrDefault("max-digits", "40")));

        SignedDeliveries appSide = new SignedDeliveries(key, log, app::onEvent);
        SignedDeliveries hookSide = new SignedDeliveries(key, log, data -> { });
        HttpServer appServer = AutoGatherApp.listen(appPort, appSide);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                log.close();
            } catch (IOException e) {
                System.err.println("cannot close the delivery log: " + e);
            }
            System.out.println("rejected deliveries: " + (appSide.rejected() + hookSide.rejected())
                    + "  failed commands: " + app.commandsFailed.get());
            stop.countDown();
        }, "chaos-app-stop"));
        System.out.println("ChaosApp: app on " + appPort + ", hook port " + hookPort + " opens in " + downSeconds + " s");
        if (downSeconds > 0) {
            Thread.sleep(TimeUnit.SECONDS.toMillis(downSeconds));
        }
        AutoGatherApp.listen(hookPort, hookSide);
        System.out.println("ChaosApp: hook port " + hookPort + " is up");
        stop.await();
        appServer.stop(0);
    }

    private void onEvent(JsonNode data) {
        String id = data.path("payload").path("call_control_id").asText("");
        if (!data.path("event_type").asText().equals("call.initiated") || id.isEmpty() || !answered.add(id)) {
            return;
        }
        command(id, "answer", answerBody)
                .thenCompose(ok -> ok ? command(id, "gather", gatherBody) : CompletableFuture.completedFuture(false));
    }

    /** Sends one command; completes with whether it succeeded (a dead server fails it, which is expected). */
    private CompletableFuture<Boolean> command(String id, String action, String body) {
        HttpRequest req = AutoGatherApp.commandRequest(api, apiKey, id, action, body);
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((res, err) -> {
            boolean ok = err == null && res.statusCode() / 100 == 2;
            if (!ok) {
                commandsFailed.incrementAndGet();
            }
            return ok;
        });
    }
}
