package io.voicegather.server.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Requests in flight are bounded per target as well as overall, so a stalled application does not stall the rest. */
class TargetSlotsDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aStalledTargetHoldsOnlyItsShareOfTheRequestSlots() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        // 6 slots overall, 2 per target: 6 calls to the stalled target would take every slot without the bound
        WebhookConfig config = fastConfig().withRequestTimeout(Duration.ofSeconds(60)).withPool(4, 6, 2);
        try (TestReceiver stalled = TestReceiver.start(d -> {
                 maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                 try {
                     release.await();
                 } finally {
                     concurrent.decrementAndGet();
                 }
                 return 200;
             });
             TestReceiver healthy = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(dir, config)) {
            try {
                for (int k = 0; k < 6; k++) {
                    stack.outbox.emit(event("stalled-" + k, 0, post(stalled.url("/s"))));
                }
                await().atMost(WAIT).until(() -> stalled.deliveries().size() >= 2);
                for (int k = 0; k < 5; k++) {
                    stack.outbox.emit(event("healthy-" + k, 0, post(healthy.url("/h"))));
                }
                await().atMost(WAIT).until(() -> healthy.deliveries().size() == 5);
                assertThat(stalled.deliveries()).as("requests that reached the stalled target").hasSize(2);
            } finally {
                release.countDown();
            }
            await().atMost(WAIT).until(() -> stalled.deliveries().size() == 6);
            assertThat(maxConcurrent.get()).isEqualTo(2);
            await().atMost(WAIT).until(() -> stack.dispatcher.pendingCount() == 0);
        }
    }

    @Test
    void aTargetIsTheSchemeAndAuthority() {
        assertThat(TargetSlots.of("http://127.0.0.1:8080/hooks?x=1")).isEqualTo("http://127.0.0.1:8080");
        assertThat(TargetSlots.of("https://app.example.com?x=1")).isEqualTo("https://app.example.com");
        assertThat(TargetSlots.of("https://app.example.com")).isEqualTo("https://app.example.com");
        assertThat(TargetSlots.of("not a url")).isEqualTo("not a url");
    }
}
