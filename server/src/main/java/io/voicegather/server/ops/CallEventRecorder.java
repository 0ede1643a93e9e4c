package io.voicegather.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.call.CallFacts;
import io.voicegather.server.http.AnsweredCommand;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookDispatcher;
import io.voicegather.server.webhook.WebhookSink;

import java.time.Clock;
import java.util.function.Function;

/**
 * Writes the call event log: every call command answered (its parameters, status, error code and time taken) and
 * every webhook recorded (its type and payload). A command for a call this node does not know is not recorded.
 */
public final class CallEventRecorder implements AnsweredCommand.Observer, WebhookDispatcher.DeliveryObserver {
    /** A replayed event's outbox row id: the event's own id, then this, then a random suffix. */
    private static final String REPLAY_MARK = ":replay:";

    private final CallEventLog log;
    private final Function<String, CallFacts> calls;
    private final String connectionId;
    private final Clock clock;
    private final SipSummary sip;

    /**
     * @param calls the ids and parties of a call by its call_control_id, null when unknown
     * @param sip   told which dialog each new call is, when its call.initiated is recorded
     */
    public CallEventRecorder(CallEventLog log, Function<String, CallFacts> calls, String connectionId, Clock clock,
                             SipSummary sip) {
        this.log = log;
        this.sip = sip;
        this.calls = calls;
        this.connectionId = connectionId;
        this.clock = clock;
    }

    @Override
    public void answered(AnsweredCommand command) {
        CallFacts call = command.callControlId() == null ? null : calls.apply(command.callControlId());
        if (call == null) {
            return;
        }
        ObjectNode metadata = Json.object();
        metadata.put("call_control_id", command.callControlId());
        metadata.put("status", command.status());
        if (command.errorCode() != null) {
            metadata.put("error_code", command.errorCode());
        }
        metadata.put("took_ms", Math.round(command.nanos() / 1e6 * 10) / 10.0);
        metadata.set("params", command.request() != null ? command.request() : Json.object());
        log.record(new CallEventLog.Entry(call.callLegId(), call.callSessionId(), connectionId, call.from(),
                call.to(), command.arrived(), // before what it caused, though recorded after it
                command.name(), CallEventLog.Type.COMMAND, command.status() >= 400,
                metadata));
    }

    @Override
    public void attempted(String eventId, int attempt, String url, int status, String error, long millis) {
        ObjectNode a = Json.object();
        a.put("attempt", attempt);
        a.put("url", url);
        if (status >= 0) {
            a.put("status", status);
        } else {
            a.put("error", error);
        }
        a.put("latency_ms", millis);
        a.put("at", clock.instant().toString());
        if (eventId.contains(REPLAY_MARK)) {
            a.put("replay", true);
        }
        log.attempted(dataId(eventId), a);
    }

    @Override
    public void answered(String eventId, int attempt, String excerpt) {
        log.answered(dataId(eventId), attempt, excerpt);
    }

    /** The event's data.id: a replay's row carries the replayed event's id first. */
    private static String dataId(String outboxEventId) {
        int mark = outboxEventId.indexOf(REPLAY_MARK);
        return mark < 0 ? outboxEventId : outboxEventId.substring(0, mark);
    }

    /** The webhook sink the calls emit to: {@code next}, recording each event on the way. */
    public WebhookSink recording(WebhookSink next) {
        return new WebhookSink() {
            @Override
            public String emit(OutgoingEvent event) {
                String id = next.emit(event);
                record(event, id);
                return id;
            }

            @Override
            public boolean hasRoomForCommands() {
                return next.hasRoomForCommands();
            }
        };
    }

    private void record(OutgoingEvent event, String id) {
        ObjectNode payload = event.payload();
        if (payload == null) {
            return;
        }
        if (event.eventType().equals("call.initiated")) {
            CallFacts call = calls.apply(event.orderingKey());
            if (call != null) {
                sip.link(call.sipCallId(), call.callLegId());
            }
        }
        ObjectNode metadata = Json.object();
        metadata.put("id", id);
        metadata.put("call_control_id", event.orderingKey());
        metadata.set("payload", payload); // never changed after its emit
        log.record(new CallEventLog.Entry(text(payload, "call_leg_id"), text(payload, "call_session_id"),
                text(payload, "connection_id"), text(payload, "from"), text(payload, "to"),
                event.occurredAt() != null ? event.occurredAt() : clock.instant(), event.eventType(),
                CallEventLog.Type.WEBHOOK, false, metadata));
    }

    private static String text(ObjectNode payload, String field) {
        JsonNode v = payload.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
