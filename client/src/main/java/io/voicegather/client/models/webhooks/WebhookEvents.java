package io.voicegather.client.models.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Maps a delivered webhook document onto its record by {@code data.event_type}. Lenient: absent fields are null. */
public final class WebhookEvents {
    private WebhookEvents() {
    }

    /** @throws IllegalArgumentException when the document has no {@code data} object */
    public static WebhookEvent parse(JsonNode root) {
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("a webhook document has a 'data' object");
        }
        String id = text(data, "id");
        String type = text(data, "event_type");
        String at = text(data, "occurred_at");
        JsonNode p = data.path("payload");
        if (type == null) {
            return new GenericWebhookEvent(id, null, at, p, root);
        }
        CallInfo c = new CallInfo(text(p, "call_control_id"), text(p, "call_leg_id"), text(p, "call_session_id"),
                text(p, "connection_id"), text(p, "client_state"), text(p, "from"), text(p, "to"));
        return switch (type) {
            case CallInitiated.TYPE -> new CallInitiated(id, at, c, text(p, "direction"), text(p, "state"),
                    text(p, "caller_id_name"), text(p, "start_time"), headers(p, "custom_headers"),
                    headers(p, "sip_headers"), strings(p, "tags"), root);
            case CallAnswered.TYPE -> new CallAnswered(id, at, c, text(p, "state"), text(p, "start_time"),
                    headers(p, "custom_headers"), headers(p, "sip_headers"), strings(p, "tags"), root);
            case CallHangup.TYPE -> new CallHangup(id, at, c, text(p, "hangup_cause"), text(p, "hangup_source"),
                    text(p, "sip_hangup_cause"), text(p, "state"), text(p, "start_time"), text(p, "end_time"),
                    node(p, "call_quality_stats"), headers(p, "custom_headers"), headers(p, "sip_headers"),
                    strings(p, "tags"), root);
            case CallDtmfReceived.TYPE -> new CallDtmfReceived(id, at, c, text(p, "digit"), root);
            case CallGatherEnded.TYPE -> new CallGatherEnded(id, at, c, text(p, "digits"), text(p, "status"),
                    text(p, "gather_id"), root);
            case CallPlaybackStarted.TYPE -> new CallPlaybackStarted(id, at, c, text(p, "media_url"),
                    text(p, "media_name"), bool(p, "overlay"), root);
            case CallPlaybackEnded.TYPE -> new CallPlaybackEnded(id, at, c, text(p, "media_url"),
                    text(p, "media_name"), bool(p, "overlay"), text(p, "status"), text(p, "status_detail"), root);
            case CallSpeakStarted.TYPE -> new CallSpeakStarted(id, at, c, root);
            case CallSpeakEnded.TYPE -> new CallSpeakEnded(id, at, c, text(p, "status"), root);
            case CallAiGatherEnded.TYPE -> new CallAiGatherEnded(id, at, c, messages(p), node(p, "result"),
                    text(p, "status"), root);
            case CallAiGatherPartialResults.TYPE -> new CallAiGatherPartialResults(id, at, c, messages(p),
                    node(p, "partial_results"), root);
            case CallAiGatherMessageHistoryUpdated.TYPE ->
                    new CallAiGatherMessageHistoryUpdated(id, at, c, messages(p), root);
            case CallConversationEnded.TYPE -> new CallConversationEnded(id, at, c, text(data, "created_at"),
                    text(p, "assistant_id"), text(p, "conversation_id"), text(p, "calling_party_type"),
                    integer(p, "duration_sec"), text(p, "llm_model"), text(p, "stt_model"), text(p, "tts_provider"),
                    text(p, "tts_model_id"), text(p, "tts_voice_id"), text(p, "reason"), root);
            default -> new GenericWebhookEvent(id, type, at, p, root);
        };
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static Boolean bool(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asBoolean();
    }

    private static Integer integer(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() || !n.canConvertToInt() && !n.isTextual() ? null : n.asInt();
    }

    private static JsonNode node(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private static List<Header> headers(JsonNode o, String field) {
        List<Header> out = new ArrayList<>();
        for (JsonNode h : o.path(field)) {
            out.add(new Header(text(h, "name"), text(h, "value")));
        }
        return List.copyOf(out);
    }

    private static List<String> strings(JsonNode o, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : o.path(field)) {
            if (!s.isNull()) {
                out.add(s.asText());
            }
        }
        return List.copyOf(out);
    }

    private static List<AiMessage> messages(JsonNode o) {
        List<AiMessage> out = new ArrayList<>();
        for (JsonNode m : o.path("message_history")) {
            out.add(new AiMessage(text(m, "role"), text(m, "content")));
        }
        return List.copyOf(out);
    }
}
