package io.voicegather.server.webhook;

import io.voicegather.api.webhook.WebhookSignature;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Durability: events recorded while the receiver is unreachable survive a restart and a SIGKILL, on both backends. */
class WebhookCrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void pendingEventsSurviveACleanRestart(TestBackend backend) throws Exception {
        int port = TestReceiver.unusedPort();
        String url = "http://127.0.0.1:" + port + "/hooks";
        WebhookConfig retryForever = fastConfig().withRetries(1_000_000, List.of(Duration.ZERO, Duration.ofMillis(20)));
        Map<String, List<String>> expected = new HashMap<>();
        try (WebhookStack stack = WebhookStack.start(backend, dir, retryForever)) {
            for (int n = 0; n < 30; n++) {
                String key = "call-" + (n % 3);
                expected.computeIfAbsent(key, k -> new ArrayList<>()).add(stack.outbox.emit(event(key, n, post(url))));
            }
            stack.outbox.flush();
            Thread.sleep(300); // let several refused attempts happen
            assertThat(stack.dispatcher.pendingCount()).isEqualTo(30);
        }

        try (TestReceiver receiver = TestReceiver.startOn(port, d -> 200);
             WebhookStack stack = WebhookStack.start(backend, dir, retryForever)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries().size() >= 30);
            assertThat(receiver.eventIdsByCall()).isEqualTo(expected);
            assertThat(receiver.deliveries()).hasSize(30);
            // only the head of each key was tried (and refused) before the restart: its attempt count carried over
            for (List<String> ids : expected.values()) {
                TestReceiver.Delivery head = receiver.deliveries().stream()
                        .filter(d -> d.eventId().equals(ids.get(0))).findFirst().orElseThrow();
                assertThat(head.attempt()).isGreaterThan(1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> stack.dispatcher.pendingCount() == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void pendingEventsSurviveSigkill(TestBackend backend) throws Exception {
        int events = 40;
        int keys = 4;
        int port = TestReceiver.unusedPort();
        String url = "http://127.0.0.1:" + port + "/hooks";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashingEmitter.class.getName(), dir.toString(), url, Integer.toString(events), Integer.toString(keys)));
        DatabaseSettings database = backend.settings(dir);
        if (database.url() != null) {
            command.add(database.url()); // the child reaches the same test server's database
        }
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        try {
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.equals("READY")) {
                            return true;
                        }
                    }
                    return false;
                } catch (Exception e) {
                    return false;
                }
            });
            assertThat(ready.get(12, TimeUnit.SECONDS)).as("child reported READY").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no clean close
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        try (TestReceiver receiver = TestReceiver.startOn(port, d -> 200);
             WebhookStack stack = WebhookStack.start(backend, dir, fastConfig())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.deliveries().size() >= events);
            Map<String, List<Integer>> order = new HashMap<>();
            for (TestReceiver.Delivery d : receiver.deliveries()) {
                assertThat(WebhookSignature.verify(stack.keys.publicKeyBase64(), d.header("telnyx-timestamp"),
                        d.body(), d.header("telnyx-signature-ed25519"))).isTrue();
                var payload = d.json().path("data").path("payload");
                order.computeIfAbsent(payload.path("call_control_id").asText(), k -> new ArrayList<>())
                        .add(payload.path("n").asInt());
            }
            assertThat(receiver.deliveries()).hasSize(events);
            assertThat(order).hasSize(keys);
            order.forEach((key, ns) -> assertThat(ns).as(key).isSorted().hasSize(events / keys));
        }
    }
}
