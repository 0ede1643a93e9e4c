package io.voicegather.server.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.sip.SipTrace;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SIP side of each call's console timeline: every message of its dialog, either way, with its time and peer.
 * <p>
 * A dialog's messages are kept apart until the dialog becomes a call ({@link #link}): an INVITE flood or scanners'
 * OPTIONS fill only that small first map, never push real calls out. Both maps forget their oldest entries past a
 * bound, and each dialog keeps its first {@link #MAX_LINES} messages (retransmissions included), then only counts.
 * <p>
 * Threading: written by the SIP loop, read by API workers; one lock, held only to copy.
 */
public final class SipSummary implements SipTrace {
    static final int MAX_LINES = 40;
    private static final int MAX_UNLINKED = 500;

    private record Line(Instant at, boolean inbound, String summary, String peer) {
    }

    private static final class Dialog {
        final List<Line> lines = new ArrayList<>();
        int more;

        void add(Line line) {
            if (lines.size() < MAX_LINES) {
                lines.add(line);
            } else {
                more++;
            }
        }
    }

    private final Clock clock;
    private final Map<String, Dialog> unlinked = bounded(MAX_UNLINKED); // by Call-ID
    private final Map<String, Dialog> linked; // by Call-ID
    private final Map<String, String> callIdOfLeg; // call_leg_id → Call-ID

    /** @param maxCalls how many calls' messages are kept at most (the oldest go first) */
    public SipSummary(int maxCalls, Clock clock) {
        this.clock = clock;
        this.linked = bounded(maxCalls);
        this.callIdOfLeg = bounded(maxCalls);
    }

    private static <V> Map<String, V> bounded(int max) {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public synchronized void message(String callId, boolean inbound, String summary, InetSocketAddress peer) {
        Dialog d = linked.get(callId);
        if (d == null) {
            d = unlinked.computeIfAbsent(callId, k -> new Dialog());
        }
        d.add(new Line(clock.instant(), inbound, summary,
                peer == null ? null : peer.getAddress().getHostAddress() + ":" + peer.getPort()));
    }

    /** The dialog {@code callId} is the call {@code callLegId}: its messages so far and from now on are the call's. */
    public synchronized void link(String callId, String callLegId) {
        if (callId == null || callLegId == null) {
            return;
        }
        Dialog d = unlinked.remove(callId);
        linked.put(callId, d != null ? d : new Dialog());
        callIdOfLeg.put(callLegId, callId);
    }

    /**
     * The call's messages, oldest first: {@code [{"at", "direction": "in"|"out", "summary", "peer"}, …]}, then
     * {@code {"more": N}} when N were past the bound; empty when the call is unknown or forgotten.
     */
    public ArrayNode ofLeg(String callLegId) {
        List<Line> lines;
        int more;
        synchronized (this) {
            Dialog d = callLegId == null ? null : linked.get(callIdOfLeg.getOrDefault(callLegId, ""));
            if (d == null) {
                return JsonNodeFactory.instance.arrayNode();
            }
            lines = List.copyOf(d.lines);
            more = d.more;
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Line l : lines) {
            ObjectNode o = out.addObject();
            o.put("at", l.at().toString());
            o.put("direction", l.inbound() ? "in" : "out");
            o.put("summary", l.summary());
            o.put("peer", l.peer());
        }
        if (more > 0) {
            out.addObject().put("more", more);
        }
        return out;
    }
}
