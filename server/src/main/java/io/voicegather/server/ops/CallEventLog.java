package io.voicegather.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What happened on the calls, for Telnyx's debugging API ({@code GET /v2/call_events}, docs/call-events.md): every
 * call command this node answered and every webhook it recorded, newest last. Kept in memory, bounded by count and
 * age: the last {@code maxEvents} of the last {@code retention}, whichever is fewer; older ones are forgotten.
 * Thread-safe: recorded by API workers and call strands, read by API workers.
 */
public final class CallEventLog {
    /** One command or webhook of one call. {@code failed}: a command answered with an error. */
    public record Entry(String callLegId, String callSessionId, String connectionId, String from, String to,
                        Instant at, String name, Type type, boolean failed, ObjectNode metadata) {
        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public enum Type { COMMAND, WEBHOOK }

    private final int maxEvents;
    private final Duration retention;
    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>(); // guarded by this; oldest first
    /** Each webhook's delivery attempts by its event id, as many events as entries at most; guarded by this. */
    private final Map<String, ArrayNode> deliveries = new LinkedHashMap<>();

    public CallEventLog(int maxEvents, Duration retention, Clock clock) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        this.maxEvents = maxEvents;
        this.retention = Objects.requireNonNull(retention);
        this.clock = Objects.requireNonNull(clock);
    }

    public synchronized void record(Entry entry) {
        entries.addLast(entry);
        while (entries.size() > maxEvents) {
            entries.removeFirst();
        }
        forgetOld();
    }

    /** Adds a delivery attempt of webhook {@code eventId} (its data.id): attempt, url, status, error, millis. */
    public synchronized void attempted(String eventId, ObjectNode attempt) {
        deliveries.computeIfAbsent(eventId, id -> JsonNodeFactory.instance.arrayNode()).add(attempt);
        while (deliveries.size() > maxEvents) {
            deliveries.remove(deliveries.keySet().iterator().next());
        }
    }

    /** Adds the start of the answer's body to attempt {@code attempt} of {@code eventId}, if it is still kept. */
    public synchronized void answered(String eventId, int attempt, String excerpt) {
        ArrayNode attempts = deliveries.get(eventId);
        if (attempts == null) {
            return;
        }
        for (JsonNode a : attempts) {
            if (a.path("attempt").asInt() == attempt) {
                ((ObjectNode) a).put("response_excerpt", excerpt);
            }
        }
    }

    /** A copy of webhook {@code eventId}'s delivery attempts so far, oldest first (empty when none is known). */
    public synchronized ArrayNode deliveries(String eventId) {
        ArrayNode attempts = deliveries.get(eventId);
        return attempts == null ? JsonNodeFactory.instance.arrayNode() : attempts.deepCopy();
    }

    /** One page of the entries that match, newest first, and how many match in all. */
    public record Page(List<Entry> entries, int totalResults) {
    }

    /**
     * Page {@code number} (from 1) of {@code size} of the matching entries, newest first by their time (a command is
     * stamped when it arrived, so it comes before the webhooks it caused, though it is recorded after them).
     */
    public synchronized Page find(Predicate<Entry> filter, int number, int size) {
        forgetOld();
        List<Entry> matching = new ArrayList<>();
        for (var it = entries.descendingIterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (filter.test(e)) {
                matching.add(e);
            }
        }
        matching.sort(Comparator.comparing(Entry::at).reversed()); // stable: ties keep the newest first
        int from = (int) Math.min((long) (number - 1) * size, matching.size());
        int to = (int) Math.min((long) from + size, matching.size());
        return new Page(List.copyOf(matching.subList(from, to)), matching.size());
    }

    private void forgetOld() {
        Instant oldest = clock.instant().minus(retention);
        while (!entries.isEmpty() && entries.peekFirst().at().isBefore(oldest)) {
            entries.removeFirst();
        }
    }
}
