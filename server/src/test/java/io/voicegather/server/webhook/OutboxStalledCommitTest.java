package io.voicegather.server.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A commit that cannot proceed (the database is held by another thread) does not hold up the emitting thread. */
class OutboxStalledCommitTest {
    private static final int KEYS = 5;
    private static final int EVENTS = 50;

    @TempDir
    Path dir;

    @Test
    void emitReturnsWhileTheCommitWaitsAndEveryEventIsDeliveredInOrderOnceItGoesThrough() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(dir, fastConfig())) {
            String url = receiver.url("/hooks");
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = threads.submit(() -> stack.db.withConnection(c -> {
                held.countDown();
                awaitQuietly(release);
                return null;
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

            // The database lock is held: no commit can happen until release, yet every emit returns.
            Future<Map<String, List<String>>> emitting = threads.submit(() -> {
                Map<String, List<String>> ids = new HashMap<>();
                for (int n = 0; n < EVENTS; n++) {
                    String key = "call-" + (n % KEYS);
                    ids.computeIfAbsent(key, k -> new ArrayList<>()).add(stack.outbox.emit(event(key, n, post(url))));
                }
                return ids;
            });
            Map<String, List<String>> expected = emitting.get(10, TimeUnit.SECONDS);
            assertThat(holder.isDone()).as("the commit is still stalled").isFalse();
            assertThat(stack.outbox.uncommittedCount()).isEqualTo(EVENTS);
            assertThat(receiver.deliveries()).as("nothing is sent before its commit").isEmpty();

            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.deliveries().size() >= EVENTS);
            assertThat(receiver.eventIdsByCall()).isEqualTo(expected);
            assertThat(receiver.deliveries()).hasSize(EVENTS);
            // counted down on the writer just after each hand-over, which may trail the delivery by a moment
            await().atMost(Duration.ofSeconds(20)).until(() -> stack.outbox.uncommittedCount() == 0);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
