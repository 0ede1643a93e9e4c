package io.voicegather.client.models.calls.actions;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/gather_using_ai}. Lets a voice assistant fill in a
 * JSON Schema by talking with the caller. Required: {@code parameters}.
 */
public final class ActionGatherUsingAiParams extends ActionParams {
    private ActionGatherUsingAiParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> parameters() {
        return Optional.ofNullable((Map<String, Object>) body().get("parameters"));
    }

    public Optional<String> greeting() {
        return get("greeting", String.class);
    }

    public Optional<String> gatherEndedSpeech() {
        return get("gather_ended_speech", String.class);
    }

    public Optional<String> voice() {
        return get("voice", String.class);
    }

    public Optional<VoiceSettings> voiceSettings() {
        return get("voice_settings", VoiceSettings.class);
    }

    public Optional<String> language() {
        return get("language", String.class);
    }

    public Optional<TranscriptionConfig> transcription() {
        return get("transcription", TranscriptionConfig.class);
    }

    public Optional<Assistant> assistant() {
        return get("assistant", Assistant.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<MessageHistoryItem>> messageHistory() {
        return Optional.ofNullable((List<MessageHistoryItem>) body().get("message_history"));
    }

    public Optional<Boolean> sendPartialResults() {
        return get("send_partial_results", Boolean.class);
    }

    public Optional<Boolean> sendMessageHistoryUpdates() {
        return get("send_message_history_updates", Boolean.class);
    }

    public Optional<InterruptionSettings> interruptionSettings() {
        return get("interruption_settings", InterruptionSettings.class);
    }

    public Optional<Integer> userResponseTimeoutMs() {
        return get("user_response_timeout_ms", Integer.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionGatherUsingAiParams, Builder> {
        private Builder() {
        }

        /** JSON Schema of what to gather, e.g. {"type":"object","properties":{...},"required":[...]}. */
        public Builder parameters(Map<String, Object> parameters) {
            return put("parameters", parameters == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
        }

        /** Spoken first. */
        public Builder greeting(String greeting) {
            return put("greeting", greeting);
        }

        /** Spoken when gathering finishes (at most 3000 characters). */
        public Builder gatherEndedSpeech(String gatherEndedSpeech) {
            return put("gather_ended_speech", gatherEndedSpeech);
        }

        /** Voice identifier, e.g. "female", "AWS.Polly.Joanna-Neural", "Telnyx.KokoroTTS.af". */
        public Builder voice(String voice) {
            return put("voice", voice);
        }

        public Builder voiceSettings(VoiceSettings voiceSettings) {
            return put("voice_settings", voiceSettings);
        }

        /** Language of the speech (speak commands) or of transcription (AI commands). */
        public Builder language(String language) {
            return put("language", language);
        }

        public Builder transcription(TranscriptionConfig transcription) {
            return put("transcription", transcription);
        }

        public Builder assistant(Assistant assistant) {
            return put("assistant", assistant);
        }

        public Builder messageHistory(List<MessageHistoryItem> messageHistory) {
            return put("message_history", messageHistory == null ? null : List.copyOf(messageHistory));
        }

        public Builder sendPartialResults(boolean sendPartialResults) {
            return put("send_partial_results", sendPartialResults);
        }

        public Builder sendMessageHistoryUpdates(boolean sendMessageHistoryUpdates) {
            return put("send_message_history_updates", sendMessageHistoryUpdates);
        }

        public Builder interruptionSettings(InterruptionSettings interruptionSettings) {
            return put("interruption_settings", interruptionSettings);
        }

        /** Longest wait for the caller's reply (server default 10000). */
        public Builder userResponseTimeoutMs(int userResponseTimeoutMs) {
            return put("user_response_timeout_ms", userResponseTimeoutMs);
        }

        @Override
        public ActionGatherUsingAiParams build() {
            require("parameters");
            return new ActionGatherUsingAiParams(this);
        }
    }
}
