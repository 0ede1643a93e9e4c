package io.voicegather.bench.turn;

import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookSink;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Webhooks kept in memory instead of the durable outbox: learns each call's call_control_id from its
 * {@code call.initiated} and counts events by type (to show that no webhook is recorded inside a turn).
 */
final class MemoryWebhookSink implements WebhookSink {
    private final Map<String, CompletableFuture<String>> callIdsByFrom = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    @Override
    public String emit(OutgoingEvent event) {
        counts.computeIfAbsent(event.eventType(), k -> new LongAdder()).increment();
        if ("call.initiated".equals(event.eventType())) {
            callIdsByFrom.computeIfAbsent(event.payload().path("from").asText(), k -> new CompletableFuture<>())
                    .complete(event.payload().path("call_control_id").asText());
        }
        return UUID.randomUUID().toString();
    }

    String awaitCallControlId(String from) throws Exception {
        return callIdsByFrom.computeIfAbsent(from, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
    }

    Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((type, n) -> out.put(type, n.sum()));
        return out;
    }

    @Override
    public boolean hasRoomForCommands() {
        return true; // memory only: always room
    }
}
