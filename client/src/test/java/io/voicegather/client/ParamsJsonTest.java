package io.voicegather.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.json.Json;
import io.voicegather.client.models.calls.actions.ActionAddAiAssistantMessagesParams;
import io.voicegather.client.models.calls.actions.ActionAnswerParams;
import io.voicegather.client.models.calls.actions.ActionGatherParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAiParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingAudioParams;
import io.voicegather.client.models.calls.actions.ActionGatherUsingSpeakParams;
import io.voicegather.client.models.calls.actions.ActionHangupParams;
import io.voicegather.client.models.calls.actions.ActionParams;
import io.voicegather.client.models.calls.actions.ActionSpeakParams;
import io.voicegather.client.models.calls.actions.ActionStartAiAssistantParams;
import io.voicegather.client.models.calls.actions.ActionStartPlaybackParams;
import io.voicegather.client.models.calls.actions.ActionStopAiAssistantParams;
import io.voicegather.client.models.calls.actions.ActionStopGatherParams;
import io.voicegather.client.models.calls.actions.ActionStopPlaybackParams;
import io.voicegather.client.models.calls.actions.ActionUpdateClientStateParams;
import io.voicegather.client.models.calls.actions.AiAssistantMessage;
import io.voicegather.client.models.calls.actions.Assistant;
import io.voicegather.client.models.calls.actions.CallAssistantRequest;
import io.voicegather.client.models.calls.actions.InterruptionSettings;
import io.voicegather.client.models.calls.actions.MessageHistoryItem;
import io.voicegather.client.models.calls.actions.Participant;
import io.voicegather.client.models.calls.actions.TranscriptionConfig;
import io.voicegather.client.models.calls.actions.VoiceSettings;
import io.voicegather.client.models.calls.actions.WebhookRetriesPolicy;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every builder setter of every params class is called (by reflection, so a new setter cannot escape), and the
 * resulting JSON must carry exactly the wire names Telnyx documents for that command.
 */
class ParamsJsonTest {
    private static final List<String> COMMON = List.of("client_state", "command_id");

    private static Set<String> keysWithEverySetterCalled(Object builder) throws Exception {
        for (Method m : builder.getClass().getMethods()) {
            if (m.getDeclaringClass() == Object.class || m.getParameterCount() > 1 || !Modifier.isPublic(m.getModifiers())
                    || m.getName().equals("build") || m.getName().equals("callControlId")) {
                continue;
            }
            if (m.getName().equals("putAdditionalBodyProperty")) {
                continue;
            }
            Object[] args = m.getParameterCount() == 0 ? new Object[0] : new Object[]{sample(m.getParameterTypes()[0])};
            m.invoke(builder, args);
        }
        ActionParams params = (ActionParams) builder.getClass().getMethod("build").invoke(builder);
        JsonNode json = Json.MAPPER.readTree(params.toJson());
        Set<String> keys = new HashSet<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        return keys;
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == String.class) {
            return "s";
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == VoiceSettings.class) {
            return VoiceSettings.aws();
        }
        if (type == TranscriptionConfig.class) {
            return new TranscriptionConfig("deepgram/nova-3", "en");
        }
        if (type == InterruptionSettings.class) {
            return new InterruptionSettings(true);
        }
        if (type == Assistant.class) {
            return Assistant.withInstructions("be brief");
        }
        if (type == CallAssistantRequest.class) {
            return CallAssistantRequest.builder().id("a-1").build();
        }
        throw new IllegalArgumentException("no sample for " + type);
    }

    private static void assertWireNames(Object builder, String... documented) throws Exception {
        Set<String> expected = new HashSet<>(List.of(documented));
        expected.addAll(COMMON);
        assertThat(keysWithEverySetterCalled(builder)).as(builder.getClass().getName())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void gatherFamily() throws Exception {
        assertWireNames(ActionGatherParams.builder(), "minimum_digits", "maximum_digits", "timeout_millis",
                "initial_timeout_millis", "inter_digit_timeout_millis", "terminating_digit", "valid_digits",
                "gather_id");
        assertWireNames(ActionGatherUsingAudioParams.builder(), "audio_url", "media_name", "invalid_audio_url",
                "invalid_media_name", "minimum_digits", "maximum_digits", "maximum_tries", "timeout_millis",
                "inter_digit_timeout_millis", "terminating_digit", "valid_digits");
        assertWireNames(ActionGatherUsingSpeakParams.builder(), "payload", "voice", "payload_type", "service_level",
                "language", "voice_settings", "invalid_payload", "minimum_digits", "maximum_digits", "maximum_tries",
                "timeout_millis", "inter_digit_timeout_millis", "terminating_digit", "valid_digits");
        assertWireNames(ActionGatherUsingAiParams.builder(), "parameters", "greeting", "gather_ended_speech", "voice",
                "voice_settings", "language", "transcription", "assistant", "message_history", "send_partial_results",
                "send_message_history_updates", "interruption_settings", "user_response_timeout_ms");
        assertWireNames(ActionStopGatherParams.builder());
    }

    @Test
    void aiAssistantFamily() throws Exception {
        assertWireNames(ActionStartAiAssistantParams.builder(), "assistant", "greeting", "message_history",
                "participants", "send_message_history_updates", "interruption_settings", "transcription", "voice",
                "voice_settings");
        assertWireNames(ActionStopAiAssistantParams.builder());
        assertWireNames(ActionAddAiAssistantMessagesParams.builder(), "messages", "trigger_response");
    }

    @Test
    void surroundingCommands() throws Exception {
        assertWireNames(ActionAnswerParams.builder(), "webhook_url", "webhook_url_method", "webhook_urls",
                "webhook_urls_method", "webhook_retries_policies", "custom_headers", "sip_headers", "billing_group_id",
                "record", "record_channels", "record_format", "record_max_length", "record_timeout_secs",
                "record_track", "record_trim", "record_custom_file_name", "stream_url", "stream_track",
                "send_silence_when_idle", "preferred_codecs", "transcription", "transcription_config",
                "sound_modifications", "assistant");
        assertWireNames(ActionHangupParams.builder(), "custom_headers");
        assertWireNames(ActionStartPlaybackParams.builder(), "audio_url", "media_name", "playback_content",
                "audio_type", "loop", "overlay", "stop", "target_legs", "cache_audio");
        assertWireNames(ActionStopPlaybackParams.builder(), "stop", "overlay");
        assertWireNames(ActionSpeakParams.builder(), "payload", "voice", "payload_type", "service_level", "language",
                "voice_settings", "loop", "stop", "target_legs");
        assertWireNames(ActionUpdateClientStateParams.builder());
    }

    @Test
    void onlySetFieldsAreSentInTheirWireForm() {
        assertThat(ActionGatherParams.builder().build().toJson()).isEqualTo("{}");
        ActionGatherUsingSpeakParams speak = ActionGatherUsingSpeakParams.builder()
                .payload("say this on call").voice("male")
                .payloadType(ActionGatherUsingSpeakParams.PayloadType.SSML)
                .serviceLevel(ActionGatherUsingSpeakParams.ServiceLevel.BASIC)
                .voiceSettings(VoiceSettings.telnyx(1.5)).minimumDigits(2).build();
        assertThat(speak.toJson()).isEqualTo("{\"payload\":\"say this on call\",\"voice\":\"male\","
                + "\"payload_type\":\"ssml\",\"service_level\":\"basic\","
                + "\"voice_settings\":{\"type\":\"telnyx\",\"voice_speed\":1.5},\"minimum_digits\":2}");
        assertThat(speak.minimumDigits()).contains(2);
        assertThat(speak.maximumDigits()).isEmpty();
        // Setting null removes a field again.
        assertThat(ActionGatherParams.builder().gatherId("g").gatherId(null).build().toJson()).isEqualTo("{}");
    }

    @Test
    void nestedObjectsUseSnakeCase() throws Exception {
        String ai = ActionGatherUsingAiParams.builder()
                .parameters(Map.of("type", "object"))
                .assistant(new Assistant("i", "m", "ref", null))
                .messageHistory(List.of(MessageHistoryItem.assistant("hi")))
                .interruptionSettings(new InterruptionSettings(false))
                .transcription(new TranscriptionConfig("deepgram/flux", null))
                .build().toJson();
        assertThat(Json.MAPPER.readTree(ai)).isEqualTo(Json.MAPPER.readTree("{\"parameters\":{\"type\":\"object\"},"
                + "\"assistant\":{\"instructions\":\"i\",\"model\":\"m\",\"openai_api_key_ref\":\"ref\"},"
                + "\"message_history\":[{\"role\":\"assistant\",\"content\":\"hi\"}],"
                + "\"interruption_settings\":{\"enable\":false},\"transcription\":{\"model\":\"deepgram/flux\"}}"));

        String start = ActionStartAiAssistantParams.builder()
                .assistant(CallAssistantRequest.builder().id("a").llmApiKeyRef("k").build())
                .participants(List.of(new Participant("v3:p", "user", null, "end_conversation")))
                .messageHistory(List.of(AiAssistantMessage.tool("42", "call-1")))
                .build().toJson();
        assertThat(Json.MAPPER.readTree(start)).isEqualTo(Json.MAPPER.readTree("{\"assistant\":{\"id\":\"a\","
                + "\"llm_api_key_ref\":\"k\"},\"participants\":[{\"id\":\"v3:p\",\"role\":\"user\","
                + "\"on_hangup\":\"end_conversation\"}],\"message_history\":[{\"role\":\"tool\",\"content\":\"42\","
                + "\"tool_call_id\":\"call-1\"}]}"));

        String answer = ActionAnswerParams.builder()
                .webhookRetriesPolicies(Map.of("call.hangup", new WebhookRetriesPolicy(List.of(1000, 2000))))
                .build().toJson();
        assertThat(answer).isEqualTo("{\"webhook_retries_policies\":{\"call.hangup\":{\"retries_ms\":[1000,2000]}}}");

        assertThat(ActionStartPlaybackParams.builder().loopInfinity().build().toJson()).isEqualTo("{\"loop\":\"infinity\"}");
        assertThat(ActionStartPlaybackParams.builder().loop(3).build().toJson()).isEqualTo("{\"loop\":3}");
    }

    @Test
    void paramsAreValuesAndCarryTheirId() {
        ActionGatherParams a = ActionGatherParams.builder().callControlId("v3:x").maximumDigits(3).build();
        ActionGatherParams b = ActionGatherParams.builder().callControlId("v3:x").maximumDigits(3).build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.callControlId()).contains("v3:x");
        ActionGatherParams c = a.toBuilder().minimumDigits(2).build();
        assertThat(c.toJson()).isEqualTo("{\"maximum_digits\":3,\"minimum_digits\":2}");
        assertThat(c.callControlId()).contains("v3:x");
        assertThat(a.toJson()).isEqualTo("{\"maximum_digits\":3}");
        List<String> unused = new ArrayList<>(); // the body map is read-only
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> a.body().put("x", unused))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
