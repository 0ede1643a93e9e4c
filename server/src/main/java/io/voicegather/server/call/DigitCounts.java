package io.voicegather.server.call;

import io.voicegather.server.media.DigitSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keys reported as {@code call.dtmf.received} since the start, by how they reached us, for monitoring. A press
 * that came both as RFC 4733 and in-band is reported once, so it counts once, under the source that came first.
 * Thread-safe: counted on the calls' strands, read by whoever monitors.
 */
public final class DigitCounts {
    private final Map<DigitSource, LongAdder> counts = new EnumMap<>(DigitSource.class);

    DigitCounts() {
        for (DigitSource source : DigitSource.values()) {
            counts.put(source, new LongAdder());
        }
    }

    void count(DigitSource source) {
        counts.get(source).increment();
    }

    public long of(DigitSource source) {
        return counts.get(source).sum();
    }
}
