package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.ops.CallEventLog;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the console and {@code GET /v2/call_events} read.
 *
 * @param events the call event log
 * @param replay sends a recorded webhook again by its event id; false when no such event is kept
 * @param stats  the chart's numbers now (active calls, delivered webhooks and their total latency so far)
 * @param sip    a call's SIP messages by its call_leg_id (SipSummary#ofLeg)
 */
public record ConsoleSources(CallEventLog events, Function<String, CompletableFuture<Boolean>> replay,
                             Supplier<ObjectNode> stats, Function<String, ArrayNode> sip) {
    /** Without a SIP summary: every call's is empty. */
    public ConsoleSources(CallEventLog events, Function<String, CompletableFuture<Boolean>> replay,
                          Supplier<ObjectNode> stats) {
        this(events, replay, stats, leg -> JsonNodeFactory.instance.arrayNode());
    }
}
