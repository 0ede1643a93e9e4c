package io.voicegather.server.webhook;

import io.voicegather.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voicegather.server.webhook.WebhookDispatcher.LANE_WINDOW;
import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the application is down its events pile up in the outbox, not in memory: each call's lane holds at most a
 * window, reads the next rows when it runs low, and still delivers everything exactly in order when the
 * application comes back. The clock stands still, so no event ever reaches the give-up age however slow the
 * machine is; retries are quick and endless so the head of each call keeps being refused.
 */
class WebhookBacklogMemoryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final WebhookConfig KEEP_TRYING =
            fastConfig().withRetries(1_000_000, List.of(Duration.ZERO, Duration.ofMillis(100)));

    @TempDir
    Path dir;

    @Test
    void oneCallsBacklogStaysAWindowInMemoryAndArrivesInOrderWhenTheApplicationIsBack() throws Exception {
        int port = TestReceiver.unusedPort();
        String url = "http://127.0.0.1:" + port + "/hooks";
        ManualClock clock = new ManualClock(T0);
        try (WebhookStack stack = WebhookStack.start(dir, KEEP_TRYING, clock);
             Gauge gauge = new Gauge(stack.dispatcher)) {
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 200; n++) {
                expected.add(stack.outbox.emit(event("call-1", n, post(url))));
            }
            stack.outbox.flush();
            assertThat(stack.dispatcher.pendingCount()).isEqualTo(200);
            assertThat(stack.dispatcher.inMemoryEntries()).isEqualTo(LANE_WINDOW);
            Thread.sleep(300); // several refused attempts of the head
            assertThat(stack.dispatcher.inMemoryEntries()).isEqualTo(LANE_WINDOW);

            try (TestReceiver receiver = TestReceiver.startOn(port, d -> 200)) {
                // more events of the call while its backlog is being read back: they queue behind it
                for (int n = 200; n < 300; n++) {
                    expected.add(stack.outbox.emit(event("call-1", n, post(url))));
                }
                await().atMost(WAIT).until(() -> receiver.deliveries().size() >= 300);
                assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::eventId)
                        .as("every event once, in the order recorded").isEqualTo(expected);
                await().atMost(WAIT).until(() -> stack.dispatcher.pendingCount() == 0);
                assertThat(stack.dispatcher.laneCount()).isZero();
                assertThat(states(stack)).containsOnlyKeys("delivered").containsEntry("delivered", 300L);
            }
            assertThat(gauge.max()).as("largest in-memory count seen").isEqualTo(LANE_WINDOW);
        }
    }

    @Test
    void manyCallsHoldAtMostAWindowEachAndAllArriveInPerCallOrder() throws Exception {
        int calls = 40;
        int perCall = 30;
        int port = TestReceiver.unusedPort();
        String url = "http://127.0.0.1:" + port + "/hooks";
        ManualClock clock = new ManualClock(T0);
        try (WebhookStack stack = WebhookStack.start(dir, KEEP_TRYING, clock);
             Gauge gauge = new Gauge(stack.dispatcher)) {
            Map<String, List<String>> expected = emitConcurrently(stack, calls, perCall, url);
            stack.outbox.flush();
            assertThat(stack.dispatcher.pendingCount()).isEqualTo(calls * perCall);
            assertThat(stack.dispatcher.inMemoryEntries()).isEqualTo(calls * LANE_WINDOW);

            try (TestReceiver receiver = TestReceiver.startOn(port, d -> 200)) {
                await().atMost(WAIT).until(() -> receiver.deliveries().size() >= calls * perCall);
                assertThat(receiver.eventIdsByCall()).isEqualTo(expected);
                assertThat(receiver.deliveries()).hasSize(calls * perCall);
                await().atMost(WAIT).until(() -> stack.dispatcher.pendingCount() == 0);
                assertThat(stack.dispatcher.laneCount()).isZero();
            }
            assertThat(gauge.max()).isLessThanOrEqualTo(calls * LANE_WINDOW);
        }
    }

    @Test
    void aRestartWithThousandsOfPendingRowsLoadsOnlyTheWindowsAndResumesInOrder() throws Exception {
        int calls = 30;
        int rows = 3_000;
        int port = TestReceiver.unusedPort();
        String url = "http://127.0.0.1:" + port + "/hooks";
        ManualClock clock = new ManualClock(T0);
        Map<String, List<String>> expected = new HashMap<>();
        try (WebhookStack previousRun = WebhookStack.open(dir, KEEP_TRYING, clock)) {
            // what a previous run left pending: the calls interleaved, as they happened
            previousRun.db.inTransaction(c -> {
                for (int n = 0; n < rows; n++) {
                    String key = "call-" + (n % calls);
                    String id = "00000000-0000-0000-0000-" + String.format("%012d", n);
                    String data = Outbox.dataJson(id, "call.dtmf.received", T0,
                            Json.object().put("call_control_id", key).put("n", n));
                    OutboxTable.insert(previousRun.db, c, new OutboxTable.NewRow(id, key, data, url, "POST", null,
                            T0.toEpochMilli(), null, 0));
                    expected.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
                }
                return null;
            });
        }

        try (WebhookStack stack = WebhookStack.open(dir, KEEP_TRYING, clock);
             Gauge gauge = new Gauge(stack.dispatcher)) {
            stack.dispatcher.start();
            assertThat(stack.dispatcher.pendingCount()).isEqualTo(rows);
            assertThat(stack.dispatcher.inMemoryEntries()).isLessThanOrEqualTo(calls * LANE_WINDOW);
            await().atMost(WAIT).until(() -> stack.dispatcher.inMemoryEntries() == calls * LANE_WINDOW);
            assertThat(stack.dispatcher.pendingCount()).isEqualTo(rows);

            try (TestReceiver receiver = TestReceiver.startOn(port, d -> 200)) {
                await().atMost(WAIT).until(() -> receiver.deliveries().size() >= rows);
                assertThat(receiver.eventIdsByCall()).isEqualTo(expected);
                assertThat(receiver.deliveries()).hasSize(rows);
                await().atMost(WAIT).until(() -> stack.dispatcher.pendingCount() == 0);
                assertThat(states(stack)).containsOnlyKeys("delivered");
            }
            assertThat(gauge.max()).isEqualTo(calls * LANE_WINDOW);
        }
    }

    @Test
    void aCallThatGoesQuietHandsItsLaneBackAndANewEventStartsAtOnce() throws Exception {
        try (TestReceiver receiver = TestReceiver.alwaysOk();
             WebhookStack stack = WebhookStack.start(dir, KEEP_TRYING, new ManualClock(T0))) {
            String url = receiver.url("/hooks");
            List<String> expected = new ArrayList<>();
            for (int n = 0; n < 3 * LANE_WINDOW; n++) {
                expected.add(stack.outbox.emit(event("call-1", n, post(url))));
            }
            await().atMost(WAIT).until(() -> stack.dispatcher.laneCount() == 0);
            expected.add(stack.outbox.emit(event("call-1", 99, post(url))));
            await().atMost(WAIT).until(() -> receiver.deliveries().size() >= expected.size());
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::eventId).isEqualTo(expected);
        }
    }

    /**
     * An application that answers every webhook after 10 s, against the default 2 s request timeout: every attempt
     * fails on the server's side, so the events wait as for an application that is down, a window per call in
     * memory; the server's requests to it stay within the per-target cap. Once it answers in time, every event
     * arrives, each call's first arrivals in emit order (the slow phase may repeat some: at least once).
     */
    @Test
    void anApplicationAnsweringInTenSecondsCostsAWindowPerCallAndGetsEverythingOnceItIsQuick() throws Exception {
        int calls = 60;
        int perCall = 12;
        WebhookConfig config = KEEP_TRYING.withRequestTimeout(Duration.ofSeconds(2));
        AtomicBoolean slow = new AtomicBoolean(true);
        try (TestReceiver receiver = TestReceiver.start(d -> {
            if (slow.get()) {
                Thread.sleep(10_000);
            }
            return 200;
        });
             WebhookStack stack = WebhookStack.start(dir, config, new ManualClock(T0));
             Gauge gauge = new Gauge(stack.dispatcher)) {
            Map<String, List<String>> expected = emitConcurrently(stack, calls, perCall, receiver.url("/hooks"));
            stack.outbox.flush();
            await().atMost(WAIT).until(() -> receiver.deliveries().size() >= 2 * config.maxInFlightPerTarget());
            Thread.sleep(12_000); // the first requests' 10 s answers come, too late
            assertThat(stack.dispatcher.pendingCount()).as("nothing counted delivered while every answer was late")
                    .isEqualTo(calls * perCall);
            assertThat(gauge.max()).as("in memory: at most a window per call").isLessThanOrEqualTo(calls * LANE_WINDOW);

            slow.set(false);
            await().atMost(WAIT).until(() -> stack.dispatcher.pendingCount() == 0);
            assertThat(firstArrivalsByCall(receiver)).as("every event, in emit order per call").isEqualTo(expected);
            assertThat(gauge.max()).isLessThanOrEqualTo(calls * LANE_WINDOW);
        }
    }

    /**
     * The same application with the request timeout raised past its 10 s (--webhook-timeout-millis 15000): every
     * event is delivered once, in order per call, calls in parallel but never more requests open at it than the
     * per-target cap.
     */
    @Test
    void anApplicationAnsweringInTenSecondsWithinTheTimeoutGetsEachEventOnceAndAtMostTheCapAtOnce() throws Exception {
        int calls = 40;
        int perCall = 2;
        WebhookConfig config = KEEP_TRYING.withRequestTimeout(Duration.ofSeconds(15));
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        try (TestReceiver receiver = TestReceiver.start(d -> {
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                Thread.sleep(10_000);
            } finally {
                open.decrementAndGet();
            }
            return 200;
        });
             WebhookStack stack = WebhookStack.start(dir, config, new ManualClock(T0));
             Gauge gauge = new Gauge(stack.dispatcher)) {
            Map<String, List<String>> expected = emitConcurrently(stack, calls, perCall, receiver.url("/hooks"));
            await().atMost(Duration.ofSeconds(90)).until(() -> stack.dispatcher.pendingCount() == 0
                    && receiver.deliveries().size() >= calls * perCall);
            assertThat(receiver.eventIdsByCall()).as("each event once, in emit order per call").isEqualTo(expected);
            assertThat(receiver.deliveries()).hasSize(calls * perCall);
            assertThat(maxOpen.get()).as("requests open at the application at once")
                    .isLessThanOrEqualTo(config.maxInFlightPerTarget()).isGreaterThan(1);
            assertThat(gauge.max()).isLessThanOrEqualTo(calls * LANE_WINDOW);
        }
    }

    /** Each call's event ids in the order of their first arrival (a repeat is a redelivery: at least once). */
    private static Map<String, List<String>> firstArrivalsByCall(TestReceiver receiver) {
        Map<String, List<String>> out = new HashMap<>();
        receiver.eventIdsByCall().forEach((call, ids) -> out.put(call, ids.stream().distinct().toList()));
        return out;
    }

    private static Map<String, List<String>> emitConcurrently(WebhookStack stack, int calls, int perCall, String url)
            throws Exception {
        ExecutorService callThreads = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> emitted = new ArrayList<>();
            for (int k = 0; k < calls; k++) {
                String key = "call-" + k;
                emitted.add(callThreads.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int n = 0; n < perCall; n++) {
                        ids.add(stack.outbox.emit(event(key, n, post(url))));
                    }
                    return ids;
                }));
            }
            Map<String, List<String>> expected = new HashMap<>();
            for (int k = 0; k < calls; k++) {
                expected.put("call-" + k, emitted.get(k).get(60, TimeUnit.SECONDS));
            }
            return expected;
        } finally {
            callThreads.shutdown();
        }
    }

    private static Map<String, Long> states(WebhookStack stack) {
        return stack.db.withConnection(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, COUNT(*) FROM webhook_outbox GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    /** Samples the dispatcher's in-memory count on its own thread and remembers the largest value seen. */
    private static final class Gauge implements AutoCloseable {
        private final AtomicInteger max = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Gauge(WebhookDispatcher dispatcher) {
            thread = new Thread(() -> {
                while (running.get()) {
                    max.accumulateAndGet(dispatcher.inMemoryEntries(), Math::max);
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "in-memory-gauge");
            thread.setDaemon(true);
            thread.start();
        }

        int max() {
            return max.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }
}
