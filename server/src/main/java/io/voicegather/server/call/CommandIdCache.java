package io.voicegather.server.call;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers which (call_control_id, command_id) pairs were seen in the last 60 s, so that a repeated command has no
 * second effect ("Commands with duplicate command_ids within 60 seconds will be ignored").
 *
 * <p>The window runs from the first time a pair is accepted; ignored repeats do not extend it. Time is passed in
 * (milliseconds from any monotonic source). Thread-safe: one short lock per call, which is cheap next to the HTTP
 * request around it. Memory stays bounded by the command rate times the window: entries are kept in insertion order,
 * and each call drops the expired ones from the old end.
 */
public final class CommandIdCache {
    public static final long DEFAULT_WINDOW_MILLIS = 60_000;

    private record Key(String callControlId, String commandId) {
    }

    /** When the pair was first accepted, and what its command answered (null until it has, or for no answer). */
    private record Entry(long firstSeenAt, Object result) {
    }

    private final long windowMillis;
    private final LinkedHashMap<Key, Entry> seenAt = new LinkedHashMap<>();

    public CommandIdCache() {
        this(DEFAULT_WINDOW_MILLIS);
    }

    public CommandIdCache(long windowMillis) {
        if (windowMillis <= 0) {
            throw new IllegalArgumentException("window must be positive: " + windowMillis);
        }
        this.windowMillis = windowMillis;
    }

    /**
     * Records the pair and tells whether it is new. A null command_id is never a repeat (nothing to compare).
     *
     * @return false when the same pair was first seen less than the window ago
     */
    public boolean firstSeen(String callControlId, String commandId, long now) {
        Objects.requireNonNull(callControlId, "callControlId");
        if (commandId == null) {
            return true;
        }
        Key key = new Key(callControlId, commandId);
        synchronized (seenAt) {
            purgeExpired(now);
            Entry first = seenAt.get(key);
            if (first != null && now - first.firstSeenAt() < windowMillis) {
                return false;
            }
            // re-insert so that the entry moves to the young end of the order
            seenAt.remove(key);
            seenAt.put(key, new Entry(now, null));
            return true;
        }
    }

    /**
     * Keeps what the pair's command answered, so that a repeat answers the same (the conversation_id of a
     * {@code gather_using_ai} repeated with its command_id is that of the conversation it started).
     */
    public void remember(String callControlId, String commandId, Object result) {
        if (commandId == null) {
            return;
        }
        synchronized (seenAt) {
            seenAt.computeIfPresent(new Key(callControlId, commandId), (k, e) -> new Entry(e.firstSeenAt(), result));
        }
    }

    /** What the pair's command answered, or null (none kept, or the pair is not held). */
    public Object resultOf(String callControlId, String commandId) {
        if (commandId == null) {
            return null;
        }
        synchronized (seenAt) {
            Entry e = seenAt.get(new Key(callControlId, commandId));
            return e == null ? null : e.result();
        }
    }

    /** Forgets a pair, e.g. because its command was rejected and the client may retry it with the same id. */
    public void forget(String callControlId, String commandId) {
        if (callControlId == null || commandId == null) {
            return;
        }
        synchronized (seenAt) {
            seenAt.remove(new Key(callControlId, commandId));
        }
    }

    /** How many pairs are held (expired ones may linger until the next call). */
    public int size() {
        synchronized (seenAt) {
            return seenAt.size();
        }
    }

    private void purgeExpired(long now) {
        // oldest first; stop at the first live one (concurrent callers may insert slightly out of time order,
        // which only delays a purge: the lookup checks the age anyway)
        Iterator<Map.Entry<Key, Entry>> it = seenAt.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue().firstSeenAt() < windowMillis) {
                return;
            }
            it.remove();
        }
    }
}
