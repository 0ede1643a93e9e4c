package io.voicegather.server.call;

import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookSink;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events a call emits, kept in order. One emit of a chosen type can be stalled, as a slow durable commit stalls
 * the strand that emits.
 *
 * <p>Threading: {@link #emit} on call strands; the rest on the test thread.
 */
final class RecordedWebhooks implements WebhookSink {
    private static final long WAIT_MILLIS = 10_000;

    private final List<OutgoingEvent> events = new ArrayList<>();
    private String stallType;
    private final CountDownLatch stalled = new CountDownLatch(1);
    private final CountDownLatch resumed = new CountDownLatch(1);

    @Override
    public String emit(OutgoingEvent event) {
        boolean stall;
        synchronized (this) {
            events.add(event);
            notifyAll();
            stall = event.eventType().equals(stallType);
            if (stall) {
                stallType = null;
            }
        }
        if (stall) {
            stalled.countDown();
            try {
                resumed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return UUID.randomUUID().toString();
    }

    /** The next emit of this type does not return until {@link #resume()}. Once per instance. */
    synchronized void stallNext(String eventType) {
        stallType = eventType;
    }

    void awaitStalled() throws InterruptedException {
        assertThat(stalled.await(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("an emit stalled").isTrue();
    }

    void resume() {
        resumed.countDown();
    }

    synchronized List<OutgoingEvent> ofType(String eventType) {
        return events.stream().filter(e -> e.eventType().equals(eventType)).toList();
    }

    /** Waits until the events recorded so far satisfy {@code condition}. */
    synchronized void await(String what, Predicate<List<OutgoingEvent>> condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!condition.test(events)) {
            long left = deadline - System.currentTimeMillis();
            assertThat(left).as("waiting for %s; events so far: %s", what, events).isPositive();
            wait(left);
        }
    }

    /** The first event of this type, once it is there. */
    OutgoingEvent awaitFirst(String eventType) throws InterruptedException {
        await(eventType, list -> list.stream().anyMatch(e -> e.eventType().equals(eventType)));
        return ofType(eventType).get(0);
    }

    /** The keys reported by call.dtmf.received, in order. */
    String digits() {
        StringBuilder out = new StringBuilder();
        ofType("call.dtmf.received").forEach(e -> out.append(e.payload().get("digit").asText()));
        return out.toString();
    }

    @Override
    public boolean hasRoomForCommands() {
        return true; // a test sink keeps everything
    }
}
