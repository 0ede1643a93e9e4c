package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import io.voicegather.server.store.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hand-off from emit to the dispatcher while commits fail now and then. Many threads emit on many keys; a
 * trigger makes SQLite refuse every insert while a switch is on, and the switch is flipped for several rounds.
 * <p>
 * Allowed outcome: for every key, the entries handed over are exactly its emitted events, in emit order, each once;
 * each was already committed (visible to another connection) when handed over; the table holds each once.
 * Forbidden: an event lost, two events of a key swapped, an event handed over twice, an event handed over before
 * its commit.
 */
class OutboxCommitFailureTest {
    private static final int THREADS = 8;
    private static final int KEYS_PER_THREAD = 4;
    private static final int FAULT_ROUNDS = 6;

    @TempDir
    Path dir;

    @Test
    void failedCommitsAreRetriedWithoutLossReorderOrDuplicate() throws Exception {
        ExecutorService emitters = Executors.newFixedThreadPool(THREADS);
        try (SqliteDatabase db = Database.open(dir); Outbox outbox = new Outbox(db);
             Connection observer = DriverManager.getConnection("jdbc:sqlite:" + db.file())) {
            FaultSwitch fault = FaultSwitch.install(db);
            Map<String, List<String>> handedOver = new ConcurrentHashMap<>();
            List<String> notCommittedWhenHandedOver = new ArrayList<>();
            outbox.attach(entry -> {
                if (!visible(observer, entry.eventId())) {
                    notCommittedWhenHandedOver.add(entry.eventId());
                }
                handedOver.computeIfAbsent(entry.orderingKey(), k -> new ArrayList<>()).add(entry.eventId());
            });

            AtomicBoolean stop = new AtomicBoolean();
            List<Future<Map<String, List<String>>>> emitted = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                emitted.add(emitters.submit(() -> emitUntil(stop, outbox, thread)));
            }
            for (int round = 1; round <= FAULT_ROUNDS; round++) {
                long failedBefore = outbox.failedCommitCount();
                fault.set(true);
                await().atMost(Duration.ofSeconds(10)).until(() -> outbox.failedCommitCount() > failedBefore);
                fault.set(false);
                outbox.flush(); // the failed batch went through on a retry
            }
            stop.set(true);
            Map<String, List<String>> expected = new HashMap<>();
            for (Future<Map<String, List<String>>> f : emitted) {
                expected.putAll(f.get(30, TimeUnit.SECONDS));
            }
            outbox.flush();

            assertThat(outbox.failedCommitCount()).isGreaterThanOrEqualTo(FAULT_ROUNDS);
            assertThat(handedOver).as("handed over: every event once, in emit order per key").isEqualTo(expected);
            assertThat(notCommittedWhenHandedOver).as("handed over before its commit").isEmpty();
            assertThat(WebhookStack.eventIdsByKey(db)).as("stored: every event once, in emit order per key").isEqualTo(expected);
            // the flush counts as one until the writer is past its callback, which is what woke us
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> outbox.uncommittedCount() == 0);
        } finally {
            emitters.shutdownNow();
        }
    }

    /** Emits on this thread's keys, round robin, until told to stop; at least 100 events. */
    private static Map<String, List<String>> emitUntil(AtomicBoolean stop, Outbox outbox, int thread)
            throws InterruptedException {
        Map<String, List<String>> ids = new HashMap<>();
        for (int n = 0; n < 100 || !stop.get(); n++) {
            String key = "call-" + thread + "-" + (n % KEYS_PER_THREAD);
            ids.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(outbox.emit(event(key, n, post("http://127.0.0.1:9/x"))));
            Thread.sleep(1); // pacing only, so that the queue does not grow without end during a fault
        }
        return ids;
    }

    private static boolean visible(Connection observer, String eventId) {
        try (PreparedStatement ps = observer.prepareStatement("SELECT 1 FROM webhook_outbox WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
