package io.voicegather.server.call;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.ai.AiMessage;
import io.voicegather.api.json.Json;
import io.voicegather.server.gather.GatherOutcome;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookSink;
import io.voicegather.server.webhook.WebhookTarget;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Builds the payload of each call webhook and hands it to the sink. Runs on the call's strand. A field with no value
 * is left out rather than sent as null: the Telnyx SDKs type these fields as plain strings, and a null makes their
 * typed unwrap pick another event model (docs/webhooks.md). Only call_quality_stats, which they type nullable, is null.
 */
final class CallEvents {
    private static final Set<String> SPEAK_STATUSES = Set.of("completed", "call_hangup", "cancelled_amd");
    private final WebhookSink sink;
    private final String connectionId;

    CallEvents(WebhookSink sink, String connectionId) {
        this.sink = sink;
        this.connectionId = connectionId;
    }

    /** False while the sink is near its memory bound: no new call or command may start then. */
    boolean haveRoom() {
        return sink.hasRoomForCommands();
    }

    void initiated(Call call, Instant at) {
        ObjectNode p = common(call);
        p.put("direction", "incoming");
        p.put("state", "parked");
        putIfPresent(p, "caller_id_name", call.callerIdName);
        p.put("start_time", call.startTime.toString());
        p.putArray("custom_headers");
        p.putArray("sip_headers");
        emit(call, "call.initiated", p, at);
    }

    void answered(Call call, Instant at) {
        ObjectNode p = common(call);
        p.put("state", "answered");
        p.put("start_time", call.startTime.toString());
        p.putArray("custom_headers");
        p.putArray("sip_headers");
        emit(call, "call.answered", p, at);
    }

    void hangup(Call call, HangupReason reason, Instant at) {
        ObjectNode p = common(call);
        p.put("state", "hangup");
        p.put("hangup_cause", reason.cause());
        p.put("hangup_source", reason.source());
        p.put("sip_hangup_cause", reason.sipCause());
        p.put("start_time", call.startTime.toString());
        p.put("end_time", at.toString());
        p.putNull("call_quality_stats");
        p.putArray("custom_headers");
        p.putArray("sip_headers");
        emit(call, "call.hangup", p, at);
    }

    void dtmfReceived(Call call, char digit, Instant at) {
        ObjectNode p = common(call);
        p.put("digit", String.valueOf(digit));
        emit(call, "call.dtmf.received", p, at);
    }

    void gatherEnded(Call call, GatherOutcome outcome, Instant at) {
        ObjectNode p = common(call);
        p.put("digits", outcome.digits());
        p.put("status", outcome.status().wire());
        p.put("gather_id", outcome.gatherId());
        emit(call, "call.gather.ended", p, at);
    }

    void playbackStarted(Call call, String mediaUrl, String mediaName, Instant at) {
        ObjectNode p = media(call, mediaUrl, mediaName);
        emit(call, "call.playback.started", p, at);
    }

    void playbackEnded(Call call, String mediaUrl, String mediaName, String status, String detail, Instant at) {
        ObjectNode p = media(call, mediaUrl, mediaName);
        p.put("status", status);
        if (detail != null) {
            p.put("status_detail", detail);
        }
        emit(call, "call.playback.ended", p, at);
    }

    void speakStarted(Call call, Instant at) {
        emit(call, "call.speak.started", callIds(call), at);
    }

    /**
     * Telnyx's call.speak.ended knows only completed, call_hangup and cancelled_amd. Speech that was stopped or that
     * failed is over without the call ending, the nearest is completed; status_detail says which (docs/webhooks.md).
     */
    void speakEnded(Call call, String status, String detail, Instant at) {
        ObjectNode p = callIds(call);
        if (SPEAK_STATUSES.contains(status)) {
            p.put("status", status);
        } else {
            p.put("status", "completed");
            p.put("status_detail", detail == null ? status : status + ": " + detail);
        }
        emit(call, "call.speak.ended", p, at);
    }

    void aiGatherEnded(Call call, ObjectNode result, String status, String detail, List<AiMessage> history, Instant at) {
        ObjectNode p = common(call);
        p.set("message_history", historyJson(history));
        p.set("result", result);
        p.put("status", status);
        if (detail != null) {
            p.put("status_detail", detail);
        }
        emit(call, "call.ai_gather.ended", p, at);
    }

    void aiGatherPartialResults(Call call, ObjectNode partial, List<AiMessage> history, Instant at) {
        ObjectNode p = common(call);
        p.set("message_history", historyJson(history));
        p.set("partial_results", partial);
        emit(call, "call.ai_gather.partial_results", p, at);
    }

    void aiGatherHistoryUpdated(Call call, List<AiMessage> history, Instant at) {
        ObjectNode p = common(call);
        p.set("message_history", historyJson(history));
        emit(call, "call.ai_gather.message_history_updated", p, at);
    }

    void conversationEnded(Call call, ConversationFacts facts, String reason, long durationMillis, String llmModel,
                           Instant at) {
        ObjectNode p = common(call);
        putIfPresent(p, "assistant_id", facts.assistantId());
        p.put("conversation_id", facts.conversationId());
        p.put("calling_party_type", "sip");
        p.put("duration_sec", Math.round(durationMillis / 1000.0));
        putIfPresent(p, "llm_model", llmModel);
        putIfPresent(p, "stt_model", facts.sttModel());
        putIfPresent(p, "tts_provider", facts.ttsProvider());
        putIfPresent(p, "tts_model_id", facts.ttsModelId());
        putIfPresent(p, "tts_voice_id", facts.ttsVoiceId());
        p.put("reason", reason);
        emit(call, "call.conversation.ended", p, at);
    }

    /** Only spoken turns: {role: user|assistant, content}, as Telnyx's message_history (tool traffic is not shown). */
    private static ArrayNode historyJson(List<AiMessage> history) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (AiMessage m : history) {
            if ((m.role() == AiMessage.Role.USER || m.role() == AiMessage.Role.ASSISTANT) && m.content() != null) {
                out.addObject().put("role", m.role().wireName()).put("content", m.content());
            }
        }
        return out;
    }

    /** Playback events carry the call's ids but no from/to, like Telnyx's. */
    private ObjectNode media(Call call, String mediaUrl, String mediaName) {
        ObjectNode p = callIds(call);
        putIfPresent(p, "media_url", mediaUrl);
        putIfPresent(p, "media_name", mediaName);
        p.put("overlay", false);
        return p;
    }

    private ObjectNode callIds(Call call) {
        ObjectNode p = Json.object();
        p.put("call_control_id", call.callControlId);
        p.put("call_leg_id", call.callLegId);
        p.put("call_session_id", call.callSessionId);
        p.put("connection_id", connectionId);
        putIfPresent(p, "client_state", call.clientState);
        return p;
    }

    private ObjectNode common(Call call) {
        ObjectNode p = callIds(call);
        putIfPresent(p, "from", call.from);
        putIfPresent(p, "to", call.to);
        return p;
    }

    private static void putIfPresent(ObjectNode p, String field, String value) {
        if (value != null) {
            p.put(field, value);
        }
    }

    private void emit(Call call, String type, ObjectNode payload, Instant at) {
        WebhookTarget target = call.eventRoutes.targetFor(type, call.webhookTarget);
        if (target == null) {
            return; // no application configured: nothing to tell
        }
        sink.emit(new OutgoingEvent(call.callControlId, type, payload, at, target));
    }
}
