package io.voicegather.client;

import io.voicegather.api.webhook.WebhookSignature;
import io.voicegather.client.errors.VoicegatherException;
import io.voicegather.client.errors.WebhookVerificationException;
import io.voicegather.client.models.webhooks.CallAiGatherEnded;
import io.voicegather.client.models.webhooks.CallAiGatherMessageHistoryUpdated;
import io.voicegather.client.models.webhooks.CallAiGatherPartialResults;
import io.voicegather.client.models.webhooks.CallAnswered;
import io.voicegather.client.models.webhooks.CallConversationEnded;
import io.voicegather.client.models.webhooks.CallDtmfReceived;
import io.voicegather.client.models.webhooks.CallEvent;
import io.voicegather.client.models.webhooks.CallGatherEnded;
import io.voicegather.client.models.webhooks.CallHangup;
import io.voicegather.client.models.webhooks.CallInitiated;
import io.voicegather.client.models.webhooks.CallPlaybackEnded;
import io.voicegather.client.models.webhooks.CallPlaybackStarted;
import io.voicegather.client.models.webhooks.CallSpeakEnded;
import io.voicegather.client.models.webhooks.CallSpeakStarted;
import io.voicegather.client.models.webhooks.GenericWebhookEvent;
import io.voicegather.client.models.webhooks.Header;
import io.voicegather.client.models.webhooks.WebhookEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookUnwrapTest {
    private static final long NOW = 1_800_000_000L;
    private static final String CALL = "\"call_control_id\":\"v3:abc\",\"call_leg_id\":\"leg\",\"call_session_id\":\"ses\","
            + "\"connection_id\":\"7\",\"client_state\":\"aGk=\",\"from\":\"+100\",\"to\":\"+200\"";

    private final KeyPair keys = generate();
    private final KeyPair otherKeys = generate();
    private final VoicegatherClient client = VoicegatherClient.builder().apiKey("k")
            .publicKey(WebhookSignature.publicKeyBase64(keys.getPublic()))
            .clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)).build();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String event(String type, String payload) {
        return "{\"data\":{\"record_type\":\"event\",\"event_type\":\"" + type + "\",\"id\":\"e-1\","
                + "\"occurred_at\":\"2026-01-01T00:00:00.000000Z\",\"payload\":{" + CALL
                + (payload.isEmpty() ? "" : "," + payload) + "}},\"meta\":{\"attempt\":1}}";
    }

    private Map<String, String> signed(KeyPair pair, long timestamp, String body) {
        String ts = Long.toString(timestamp);
        Map<String, String> headers = new HashMap<>();
        headers.put("Telnyx-Timestamp", ts);
        headers.put("Telnyx-Signature-Ed25519",
                WebhookSignature.sign(pair.getPrivate(), ts, body.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    @Test
    void aValidDeliveryUnwraps() {
        String body = event("call.gather.ended", "\"digits\":\"123\",\"status\":\"valid\",\"gather_id\":\"g\"");
        WebhookEvent e = client.webhooks().unwrap(body, signed(keys, NOW - 10, body));
        assertThat(e).isEqualTo(new CallGatherEnded("e-1", "2026-01-01T00:00:00.000000Z",
                ((CallEvent) e).call(), "123", "valid", "g", e.raw()));
        assertThat(((CallEvent) e).call().callControlId()).isEqualTo("v3:abc");
        assertThat(((CallEvent) e).call().clientState()).isEqualTo("aGk=");
    }

    @Test
    void listValuedHeadersAndAnExplicitKeyWork() {
        String body = event("call.dtmf.received", "\"digit\":\"#\"");
        Map<String, String> h = signed(otherKeys, NOW + 100, body);
        Map<String, List<String>> multi = new HashMap<>();
        h.forEach((k, v) -> multi.put(k.toLowerCase(), List.of(v)));
        WebhookEvent e = client.webhooks().unwrap(body, multi, WebhookSignature.publicKeyBase64(otherKeys.getPublic()));
        assertThat(e).isInstanceOfSatisfying(CallDtmfReceived.class, d -> assertThat(d.digit()).isEqualTo("#"));
    }

    @Test
    void aTamperedBodyIsRejected() {
        String body = event("call.gather.ended", "\"digits\":\"123\",\"status\":\"valid\"");
        Map<String, String> h = signed(keys, NOW, body);
        assertThatThrownBy(() -> client.webhooks().unwrap(body.replace("123", "124"), h))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("signature");
    }

    @Test
    void anotherKeysSignatureIsRejected() {
        String body = event("call.answered", "");
        assertThatThrownBy(() -> client.webhooks().unwrap(body, signed(otherKeys, NOW, body)))
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void staleOrFutureTimestampsAreRejected() {
        String body = event("call.answered", "");
        assertThatThrownBy(() -> client.webhooks().unwrap(body, signed(keys, NOW - 301, body)))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("300");
        assertThatThrownBy(() -> client.webhooks().unwrap(body, signed(keys, NOW + 301, body)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(client.webhooks().unwrap(body, signed(keys, NOW - 300, body))).isInstanceOf(CallAnswered.class);
    }

    @Test
    void missingHeadersOrKeyAreRejected() {
        String body = event("call.answered", "");
        Map<String, String> h = signed(keys, NOW, body);
        Map<String, String> noSignature = new HashMap<>(h);
        noSignature.remove("Telnyx-Signature-Ed25519");
        assertThatThrownBy(() -> client.webhooks().unwrap(body, noSignature))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("missing");
        Map<String, String> noTimestamp = new HashMap<>(h);
        noTimestamp.remove("Telnyx-Timestamp");
        assertThatThrownBy(() -> client.webhooks().unwrap(body, noTimestamp))
                .isInstanceOf(WebhookVerificationException.class);
        Map<String, String> badTimestamp = new HashMap<>(h);
        badTimestamp.put("Telnyx-Timestamp", "yesterday");
        assertThatThrownBy(() -> client.webhooks().unwrap(body, badTimestamp))
                .isInstanceOf(WebhookVerificationException.class);
        VoicegatherClient keyless = VoicegatherClient.builder().apiKey("k").build();
        assertThatThrownBy(() -> keyless.webhooks().unwrap(body, h))
                .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("public key");
    }

    @Test
    void unsafeUnwrapSkipsVerificationButNotParsing() {
        assertThat(client.webhooks().unsafeUnwrap(event("call.speak.started", ""))).isInstanceOf(CallSpeakStarted.class);
        assertThatThrownBy(() -> client.webhooks().unsafeUnwrap("not json")).isInstanceOf(VoicegatherException.class);
        assertThatThrownBy(() -> client.webhooks().unsafeUnwrap("{\"meta\":{}}")).isInstanceOf(VoicegatherException.class);
    }

    @Test
    void everyEventTypeMapsOntoItsRecord() {
        var w = client.webhooks();
        CallInitiated i = (CallInitiated) w.unsafeUnwrap(event("call.initiated", "\"direction\":\"incoming\","
                + "\"state\":\"parked\",\"caller_id_name\":\"Ann\",\"start_time\":\"t0\","
                + "\"custom_headers\":[{\"name\":\"X-A\",\"value\":\"1\"}],\"sip_headers\":[],\"tags\":[\"t\"]"));
        assertThat(i.direction()).isEqualTo("incoming");
        assertThat(i.state()).isEqualTo("parked");
        assertThat(i.callerIdName()).isEqualTo("Ann");
        assertThat(i.customHeaders()).containsExactly(new Header("X-A", "1"));
        assertThat(i.tags()).containsExactly("t");
        assertThat(i.call().from()).isEqualTo("+100");
        assertThat(i.call().to()).isEqualTo("+200");
        assertThat(i.call().connectionId()).isEqualTo("7");

        CallAnswered a = (CallAnswered) w.unsafeUnwrap(event("call.answered", "\"state\":\"answered\""));
        assertThat(a.state()).isEqualTo("answered");

        CallHangup h = (CallHangup) w.unsafeUnwrap(event("call.hangup", "\"hangup_cause\":\"normal_clearing\","
                + "\"hangup_source\":\"caller\",\"sip_hangup_cause\":\"200\",\"call_quality_stats\":null"));
        assertThat(h.hangupCause()).isEqualTo("normal_clearing");
        assertThat(h.hangupSource()).isEqualTo("caller");
        assertThat(h.sipHangupCause()).isEqualTo("200");
        assertThat(h.callQualityStats()).isNull();

        CallPlaybackStarted ps = (CallPlaybackStarted) w.unsafeUnwrap(event("call.playback.started",
                "\"media_url\":\"http://x/a.wav\",\"overlay\":false"));
        assertThat(ps.mediaUrl()).isEqualTo("http://x/a.wav");
        assertThat(ps.overlay()).isFalse();
        CallPlaybackEnded pe = (CallPlaybackEnded) w.unsafeUnwrap(event("call.playback.ended",
                "\"media_name\":\"m\",\"status\":\"file_not_found\",\"status_detail\":\"404\""));
        assertThat(pe.mediaName()).isEqualTo("m");
        assertThat(pe.status()).isEqualTo("file_not_found");
        assertThat(pe.statusDetail()).isEqualTo("404");

        CallSpeakEnded se = (CallSpeakEnded) w.unsafeUnwrap(event("call.speak.ended", "\"status\":\"completed\""));
        assertThat(se.status()).isEqualTo("completed");

        String history = "\"message_history\":[{\"role\":\"assistant\",\"content\":\"age?\"},{\"role\":\"user\",\"content\":\"29\"}]";
        CallAiGatherEnded ae = (CallAiGatherEnded) w.unsafeUnwrap(event("call.ai_gather.ended",
                history + ",\"result\":{\"age\":29},\"status\":\"valid\""));
        assertThat(ae.messageHistory()).hasSize(2);
        assertThat(ae.messageHistory().get(1).content()).isEqualTo("29");
        assertThat(ae.result().get("age").asInt()).isEqualTo(29);
        assertThat(ae.status()).isEqualTo("valid");
        CallAiGatherPartialResults pr = (CallAiGatherPartialResults) w.unsafeUnwrap(event(
                "call.ai_gather.partial_results", history + ",\"partial_results\":{\"age\":29}"));
        assertThat(pr.partialResults().get("age").asInt()).isEqualTo(29);
        CallAiGatherMessageHistoryUpdated mh = (CallAiGatherMessageHistoryUpdated) w.unsafeUnwrap(event(
                "call.ai_gather.message_history_updated", history));
        assertThat(mh.messageHistory().get(0).role()).isEqualTo("assistant");

        String ended = event("call.conversation.ended", "\"assistant_id\":\"a\",\"conversation_id\":\"c\","
                + "\"calling_party_type\":\"sip\",\"duration_sec\":42,\"llm_model\":\"m\",\"stt_model\":\"s\","
                + "\"tts_provider\":\"p\",\"tts_model_id\":\"tm\",\"tts_voice_id\":\"tv\",\"reason\":\"customer_disconnect\"")
                .replace("\"id\":\"e-1\",", "\"id\":\"e-1\",\"created_at\":\"2026-01-01T00:00:01Z\",");
        CallConversationEnded ce = (CallConversationEnded) w.unsafeUnwrap(ended);
        assertThat(ce.createdAt()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(ce.conversationId()).isEqualTo("c");
        assertThat(ce.durationSec()).isEqualTo(42);
        assertThat(ce.reason()).isEqualTo("customer_disconnect");
        assertThat(ce.ttsVoiceId()).isEqualTo("tv");

        WebhookEvent unknown = w.unsafeUnwrap(event("call.recording.saved", "\"recording_urls\":{\"mp3\":\"u\"}"));
        assertThat(unknown).isInstanceOfSatisfying(GenericWebhookEvent.class, g -> {
            assertThat(g.eventType()).isEqualTo("call.recording.saved");
            assertThat(g.payload().path("recording_urls").path("mp3").asText()).isEqualTo("u");
            assertThat(g.raw().path("meta").path("attempt").asInt()).isEqualTo(1);
        });
    }

    @Test
    void callEventsShareTheirCallFields() {
        WebhookEvent e = client.webhooks().unsafeUnwrap(event("call.dtmf.received", "\"digit\":\"5\""));
        assertThat(e).isInstanceOfSatisfying(CallEvent.class, c -> {
            assertThat(c.eventType()).isEqualTo("call.dtmf.received");
            assertThat(c.id()).isEqualTo("e-1");
            assertThat(c.call().callLegId()).isEqualTo("leg");
            assertThat(c.call().callSessionId()).isEqualTo("ses");
        });
    }
}
