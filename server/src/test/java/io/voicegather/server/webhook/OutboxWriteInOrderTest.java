package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@link Outbox#writeInOrder}, the queue the call records use: a write commits after the events emitted before it
 * and before those emitted after it, the caller never waits for it, and a failed write harms nothing else.
 */
class OutboxWriteInOrderTest {
    private static final WebhookTarget APP = post("http://127.0.0.1:9/hooks");

    @TempDir
    Path dir;

    @Test
    void eachWriteSeesExactlyTheEventsEmittedBeforeIt() {
        List<Long> seen = new ArrayList<>();
        try (WebhookStack stack = WebhookStack.open(dir, fastConfig())) {
            for (int n = 0; n < 50; n++) {
                stack.outbox.emit(event("call-1", n, APP));
                stack.outbox.writeInOrder(c -> seen.add(stack.rows())); // the writer's own transaction
            }
        } // closing writes everything queued
        assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void theCallerDoesNotWaitForTheWrite() throws Exception {
        try (Database db = Database.open(dir); Outbox outbox = new Outbox(db)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch written = new CountDownLatch(1);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> outbox.writeInOrder(c -> {
                awaitQuietly(release);
                written.countDown();
                return null;
            }));
            assertThat(written.getCount()).as("not written yet: the writer is held").isOne();
            release.countDown();
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** A real SQL error: on PostgreSQL it also aborts the transaction, so the batch must be rolled back and redone. */
    @ParameterizedTest
    @EnumSource(TestBackend.class)
    void aFailedWriteLeavesTheEventsAroundIt(TestBackend backend) {
        try (WebhookStack stack = WebhookStack.open(backend, dir, fastConfig())) {
            stack.outbox.emit(event("call-1", 0, APP));
            stack.outbox.writeInOrder(c -> {
                try (var s = c.createStatement()) {
                    return s.executeUpdate("DELETE FROM no_such_table");
                }
            });
            stack.outbox.emit(event("call-1", 1, APP));
            stack.outbox.close(); // writes everything queued
            assertThat(stack.rows()).isEqualTo(2);
        }
    }

    @Test
    void aClosedOutboxRefusesWrites() {
        try (Database db = Database.open(dir)) {
            Outbox outbox = new Outbox(db);
            outbox.close();
            assertThatThrownBy(() -> outbox.writeInOrder(c -> null)).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
