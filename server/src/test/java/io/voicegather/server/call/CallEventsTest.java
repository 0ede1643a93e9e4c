package io.voicegather.server.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.WebhookTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Payloads as the Telnyx SDKs type them (docs/webhooks.md, rows T1–T3): a field with no value is left out, never
 * null (only call_quality_stats, which the SDKs type nullable, is null); call.speak.ended reports only the SDK's
 * statuses, with what happened in status_detail.
 */
class CallEventsTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    private final RecordedWebhooks sink = new RecordedWebhooks();
    private final CallEvents events = new CallEvents(sink, "connection-1");

    /** A call with no client_state and no caller id name. */
    private static Call bareCall() {
        return new CallRecordTable.Row("v3:call", "leg", "session", "sip:a@h", "sip:b@h", null, "answered",
                AT.toString(), null, new WebhookTarget("http://127.0.0.1:1/hook", "POST", null), EventRoutes.NONE)
                .withoutLine();
    }

    @Test
    void fieldsWithNoValueAreLeftOutNeverNull() {
        Call call = bareCall();
        events.initiated(call, AT);
        events.answered(call, AT);
        events.dtmfReceived(call, '1', AT);
        events.playbackStarted(call, null, null, AT);
        events.playbackEnded(call, null, "greeting", "completed", null, AT);
        events.speakStarted(call, AT);
        events.speakEnded(call, "completed", null, AT);
        events.conversationEnded(call, ConversationFacts.of("conversation-1", null, null, null), "gather_completed",
                1200, null, AT);
        events.hangup(call, HangupReason.CALLER_BYE, AT);

        List<String> nulls = new ArrayList<>();
        for (String type : List.of("call.initiated", "call.answered", "call.dtmf.received", "call.playback.started",
                "call.playback.ended", "call.speak.started", "call.speak.ended", "call.conversation.ended",
                "call.hangup")) {
            OutgoingEvent e = sink.ofType(type).get(0);
            e.payload().fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    nulls.add(type + " " + f.getKey());
                }
            });
            assertThat(e.payload().has("client_state")).as(type).isFalse();
        }
        assertThat(nulls).containsExactly("call.hangup call_quality_stats");
        assertThat(sink.ofType("call.initiated").get(0).payload().has("caller_id_name")).isFalse();
        JsonNode playback = sink.ofType("call.playback.ended").get(0).payload();
        assertThat(playback.has("media_url")).isFalse();
        assertThat(playback.path("media_name").asText()).isEqualTo("greeting");
        JsonNode conversation = sink.ofType("call.conversation.ended").get(0).payload();
        for (String absent : List.of("assistant_id", "llm_model", "stt_model", "tts_provider", "tts_model_id",
                "tts_voice_id")) {
            assertThat(conversation.has(absent)).as(absent).isFalse();
        }
        assertThat(conversation.path("duration_sec").isIntegralNumber()).isTrue();
    }

    @Test
    void aClientStateOnceSetIsSent() {
        Call call = bareCall();
        call.clientState = "YWJj";
        events.speakStarted(call, AT);
        assertThat(sink.ofType("call.speak.started").get(0).payload().path("client_state").asText())
                .isEqualTo("YWJj");
    }

    static Stream<Arguments> speakEndings() {
        return Stream.of(
                arguments("completed", null, "completed", null),
                arguments("call_hangup", null, "call_hangup", null),
                arguments("cancelled", null, "completed", "cancelled"),
                arguments("failed", "the speech server answered 503", "completed",
                        "failed: the speech server answered 503"),
                arguments("failed", null, "completed", "failed"));
    }

    @ParameterizedTest(name = "{0} ({1}) -> {2}, status_detail {3}")
    @MethodSource("speakEndings")
    void speakEndsWithTheSdksStatusesAndWhatHappenedBeside(String ours, String detail, String status,
                                                           String statusDetail) {
        events.speakEnded(bareCall(), ours, detail, AT);
        JsonNode p = sink.ofType("call.speak.ended").get(0).payload();
        assertThat(p.path("status").asText()).isEqualTo(status);
        if (statusDetail == null) {
            assertThat(p.has("status_detail")).isFalse();
        } else {
            assertThat(p.path("status_detail").asText()).isEqualTo(statusDetail);
        }
    }
}
