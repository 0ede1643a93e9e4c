package io.voicegather.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.webhook.WebhookSignature;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookDispatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void deliversASignedEnvelopeWhoseDataWasStored(TestBackend backend) throws Exception {
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(backend, dir, fastConfig())) {
            var payload = io.voicegather.api.json.Json.object().put("digits", "123").put("status", "valid");
            Instant at = Instant.parse("2026-11-24T10:00:00.123456789Z");
            String url = receiver.url("/hooks");
            String id = stack.outbox.emit(new OutgoingEvent("call-1", "call.gather.ended", payload, at, post(url)));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(id)));
            TestReceiver.Delivery d = receiver.deliveries().get(0);
            assertThat(receiver.deliveries()).hasSize(1);
            assertThat(d.method()).isEqualTo("POST");
            assertThat(d.path()).isEqualTo("/hooks");
            assertThat(d.header("Content-Type")).isEqualTo("application/json");
            assertThat(d.header("User-Agent")).isEqualTo("voicegather-webhooks");
            assertThat(d.header("Upgrade")).isNull();

            JsonNode json = d.json();
            assertThat(json.get("data").get("record_type").asText()).isEqualTo("event");
            assertThat(json.get("data").get("event_type").asText()).isEqualTo("call.gather.ended");
            assertThat(json.get("data").get("id").asText()).isEqualTo(id);
            assertThat(json.get("data").get("occurred_at").asText()).isEqualTo("2026-11-24T10:00:00.123456Z");
            assertThat(json.get("data").get("payload")).isEqualTo(payload);
            assertThat(json.get("meta").get("attempt").asInt()).isEqualTo(1);
            assertThat(json.get("meta").get("delivered_to").asText()).isEqualTo(url);
            assertThat(d.rawData()).isEqualTo(storedData(stack, id));

            String timestamp = d.header("telnyx-timestamp");
            assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            String signature = d.header("telnyx-signature-ed25519");
            assertThat(WebhookSignature.verify(stack.keys.publicKeyBase64(), timestamp, d.body(), signature)).isTrue();
            assertThat(independentlyVerified(stack.keys.publicKeyBase64(), timestamp, d.body(), signature)).isTrue();
            byte[] tampered = d.text().replace("123", "124").getBytes(StandardCharsets.UTF_8);
            assertThat(independentlyVerified(stack.keys.publicKeyBase64(), timestamp, tampered, signature)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void keepsPerKeyOrderWhileKeysRunInParallel(TestBackend backend) throws Exception {
        int keys = 20;
        int perKey = 25;
        Map<String, AtomicInteger> busy = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger maxParallel = new AtomicInteger();
        AtomicInteger parallel = new AtomicInteger();
        try (TestReceiver receiver = TestReceiver.start(d -> {
            String key = d.json().path("data").path("payload").path("call_control_id").asText();
            if (busy.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            maxParallel.accumulateAndGet(parallel.incrementAndGet(), Math::max);
            Thread.sleep(ThreadLocalRandom.current().nextInt(0, 4));
            parallel.decrementAndGet();
            busy.get(key).decrementAndGet();
            return 200;
        }); WebhookStack stack = WebhookStack.start(backend, dir, fastConfig())) {
            String url = receiver.url("/order");
            ExecutorService callThreads = Executors.newFixedThreadPool(keys);
            List<Future<List<String>>> emitted = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                String key = "call-" + k;
                emitted.add(callThreads.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int n = 0; n < perKey; n++) {
                        ids.add(stack.outbox.emit(event(key, n, post(url))));
                    }
                    return ids;
                }));
            }
            Map<String, List<String>> expected = new HashMap<>();
            for (int k = 0; k < keys; k++) {
                expected.put("call-" + k, emitted.get(k).get(30, TimeUnit.SECONDS));
            }
            callThreads.shutdown();

            await().atMost(Duration.ofSeconds(14)).until(() -> receiver.deliveries().size() >= keys * perKey);
            assertThat(receiver.eventIdsByCall()).isEqualTo(expected); // every key in order, each event exactly once
            assertThat(receiver.deliveries().size()).isEqualTo(keys * perKey);
            assertThat(overlaps.get()).as("two events of one key in flight at once").isZero();
            assertThat(maxParallel.get()).as("keys delivered in parallel").isGreaterThan(1);
            await().atMost(WAIT).until(() -> stack.dispatcher.pendingCount() == 0);
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void retriesAfterAServerErrorWithAFreshSignatureEachAttempt(TestBackend backend) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (TestReceiver receiver = TestReceiver.start(d -> calls.incrementAndGet() <= 2 ? 500 : 200);
             WebhookStack stack = WebhookStack.start(backend, dir, fastConfig())) {
            String id = stack.outbox.emit(event("call-1", 0, post(receiver.url("/flaky"))));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(id)));
            List<TestReceiver.Delivery> all = receiver.deliveries();
            assertThat(all).extracting(TestReceiver.Delivery::attempt).containsExactly(1, 2, 3);
            assertThat(all).extracting(d -> d.header("telnyx-signature-ed25519")).doesNotHaveDuplicates();
            String data = storedData(stack, id);
            for (TestReceiver.Delivery d : all) {
                assertThat(d.rawData()).isEqualTo(data);
                assertThat(WebhookSignature.verify(stack.keys.publicKeyBase64(), d.header("telnyx-timestamp"),
                        d.body(), d.header("telnyx-signature-ed25519"))).isTrue();
            }
        }
    }

    @Test
    void aTimedOutAttemptIsRetried() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        WebhookConfig config = fastConfig().withRequestTimeout(Duration.ofMillis(300));
        try (TestReceiver receiver = TestReceiver.start(d -> {
            if (calls.incrementAndGet() == 1) {
                Thread.sleep(2_000);
            }
            return 200;
        }); WebhookStack stack = WebhookStack.start(dir, config)) {
            String id = stack.outbox.emit(event("call-1", 0, post(receiver.url("/slow"))));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(id)));
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::attempt).containsExactly(1, 2);
        }
    }

    @Test
    void theStatusLineDecidesEvenWhenTheBodyNeverEnds() throws Exception {
        try (TestReceiver receiver = TestReceiver.start(d -> TestReceiver.OK_WITH_ENDLESS_BODY);
             WebhookStack stack = WebhookStack.start(dir, fastConfig().withRequestTimeout(Duration.ofMillis(500)))) {
            String url = receiver.url("/stream");
            String first = stack.outbox.emit(event("call-1", 0, post(url)));
            String second = stack.outbox.emit(event("call-1", 1, post(url)));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(second)));
            assertThat(stack.state(first)).isEqualTo("delivered");
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::attempt).containsExactly(1, 1);
        }
    }

    @Test
    void failsOverAfterThePrimaryIsExhausted() throws Exception {
        try (TestReceiver primary = TestReceiver.start(d -> 503);
             TestReceiver failover = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(dir, fastConfig())) {
            WebhookTarget target = new WebhookTarget(primary.url("/p"), "POST", failover.url("/f"));
            String id = stack.outbox.emit(event("call-1", 0, target));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(id)));
            assertThat(primary.deliveries()).extracting(TestReceiver.Delivery::attempt).containsExactly(1, 2, 3);
            assertThat(primary.deliveries()).allSatisfy(d ->
                    assertThat(d.json().path("meta").path("delivered_to").asText()).isEqualTo(primary.url("/p")));
            assertThat(failover.deliveries()).hasSize(1);
            TestReceiver.Delivery d = failover.deliveries().get(0);
            assertThat(d.attempt()).isEqualTo(4);
            assertThat(d.json().path("meta").path("delivered_to").asText()).isEqualTo(failover.url("/f"));
            assertThat(WebhookSignature.verify(stack.keys.publicKeyBase64(), d.header("telnyx-timestamp"), d.body(),
                    d.header("telnyx-signature-ed25519"))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aGivenUpEventIsKeptAsFailedAndTheKeyMovesOn(TestBackend backend) throws Exception {
        // 3xx counts as failure (not followed); the second event of the key is delivered afterwards
        try (TestReceiver receiver = TestReceiver.start(d ->
                d.json().path("data").path("payload").path("n").asInt() == 0 ? 302 : 200);
             WebhookStack stack = WebhookStack.start(backend, dir, fastConfig().withRetries(2, List.of(Duration.ZERO))
                     .withPatience(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO))) {
            String url = receiver.url("/moved");
            String first = stack.outbox.emit(event("call-1", 0, post(url)));
            String second = stack.outbox.emit(event("call-1", 1, post(url)));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(second)));
            assertThat(stack.state(first)).isEqualTo("failed");
            assertThat(stack.lastError(first)).isEqualTo("HTTP 302");
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::eventId)
                    .containsExactly(first, first, second);
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::path).containsOnly("/moved");
        }
    }

    @Test
    void getCarriesTheSignedEnvelopeInOneQueryParameter() throws Exception {
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(dir, fastConfig())) {
            String url = receiver.url("/get?app=7");
            String id = stack.outbox.emit(event("call-1", 0, new WebhookTarget(url, "get", null)));

            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(id)));
            TestReceiver.Delivery d = receiver.deliveries().get(0);
            assertThat(d.method()).isEqualTo("GET");
            assertThat(d.rawQuery()).startsWith("app=7&webhook=");
            assertThat(d.eventId()).isEqualTo(id);
            assertThat(d.json().path("meta").path("delivered_to").asText()).isEqualTo(url);
            assertThat(WebhookSignature.verify(stack.keys.publicKeyBase64(), d.header("telnyx-timestamp"), d.body(),
                    d.header("telnyx-signature-ed25519"))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void eventsEmittedBeforeStartAreDeliveredOnceAfterIt(TestBackend backend) throws Exception {
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.open(backend, dir, fastConfig())) {
            String url = receiver.url("/late");
            List<String> ids = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                ids.add(stack.outbox.emit(event("call-1", n, post(url))));
            }
            Thread.sleep(200);
            assertThat(receiver.deliveries()).isEmpty();
            stack.dispatcher.start();
            ids.add(stack.outbox.emit(event("call-1", 5, post(url))));

            await().atMost(WAIT).until(() -> receiver.deliveries().size() >= 6);
            Thread.sleep(200);
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::eventId).isEqualTo(ids);
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void finishedRowsArePurgedAfterTheirRetention(TestBackend backend) throws Exception {
        MutableClock clock = new MutableClock();
        WebhookConfig config = fastConfig().withRetries(1, List.of(Duration.ZERO))
                .withPatience(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ZERO)
                .withRetention(Duration.ofHours(1), Duration.ofDays(7), Duration.ofHours(1));
        try (TestReceiver receiver = TestReceiver.start(d -> d.path().equals("/ok") ? 200 : 500);
             WebhookStack stack = WebhookStack.start(backend, dir, config, clock)) {
            String ok = stack.outbox.emit(event("call-1", 0, post(receiver.url("/ok"))));
            String bad = stack.outbox.emit(event("call-2", 0, post(receiver.url("/bad"))));
            await().atMost(WAIT).until(() -> "delivered".equals(stack.state(ok)) && "failed".equals(stack.state(bad)));

            stack.dispatcher.purgeNow();
            assertThat(stack.rows()).isEqualTo(2);
            clock.advance(Duration.ofHours(2));
            stack.dispatcher.purgeNow();
            assertThat(stack.state(ok)).isNull();
            assertThat(stack.state(bad)).isEqualTo("failed");
            clock.advance(Duration.ofDays(8));
            stack.dispatcher.purgeNow();
            assertThat(stack.rows()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void withoutRetentionDeliveredRowsAreDeletedAtOnce(TestBackend backend) throws Exception {
        WebhookConfig config = fastConfig().withRetention(Duration.ZERO, Duration.ofDays(7), Duration.ofMinutes(1));
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(backend, dir, config)) {
            stack.outbox.emit(event("call-1", 0, post(receiver.url("/x"))));
            await().atMost(WAIT).until(() -> receiver.deliveries().size() == 1);
            await().atMost(WAIT).until(() -> stack.rows() == 0);
        }
    }

    static String storedData(WebhookStack stack, String eventId) {
        return stack.db.withConnection(c -> {
            try (var ps = c.prepareStatement("SELECT data_json FROM webhook_outbox WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** Plain JDK verification, independent of WebhookSignature: X.509-wrap the raw key, verify ts|body. */
    static boolean independentlyVerified(String publicKeyBase64, String timestamp, byte[] body, String signature)
            throws Exception {
        byte[] prefix = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = Base64.getDecoder().decode(publicKeyBase64);
        byte[] der = new byte[prefix.length + raw.length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(raw, 0, der, prefix.length, raw.length);
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
        verifier.update(body);
        return verifier.verify(Base64.getDecoder().decode(signature));
    }
}
