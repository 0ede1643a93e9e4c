package io.voicegather.client.models.calls.actions;

import java.util.List;
import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/ai_assistant_start}. Starts an AI assistant on the
 * call.
 */
public final class ActionStartAiAssistantParams extends ActionParams {
    private ActionStartAiAssistantParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<CallAssistantRequest> assistant() {
        return get("assistant", CallAssistantRequest.class);
    }

    public Optional<String> greeting() {
        return get("greeting", String.class);
    }

    @SuppressWarnings("unchecked")
    public Optional<List<AiAssistantMessage>> messageHistory() {
        return Optional.ofNullable((List<AiAssistantMessage>) body().get("message_history"));
    }

    @SuppressWarnings("unchecked")
    public Optional<List<Participant>> participants() {
        return Optional.ofNullable((List<Participant>) body().get("participants"));
    }

    public Optional<Boolean> sendMessageHistoryUpdates() {
        return get("send_message_history_updates", Boolean.class);
    }

    public Optional<InterruptionSettings> interruptionSettings() {
        return get("interruption_settings", InterruptionSettings.class);
    }

    public Optional<TranscriptionConfig> transcription() {
        return get("transcription", TranscriptionConfig.class);
    }

    public Optional<String> voice() {
        return get("voice", String.class);
    }

    public Optional<VoiceSettings> voiceSettings() {
        return get("voice_settings", VoiceSettings.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionStartAiAssistantParams, Builder> {
        private Builder() {
        }

        public Builder assistant(CallAssistantRequest assistant) {
            return put("assistant", assistant);
        }

        /** Spoken first. */
        public Builder greeting(String greeting) {
            return put("greeting", greeting);
        }

        public Builder messageHistory(List<AiAssistantMessage> messageHistory) {
            return put("message_history", messageHistory == null ? null : List.copyOf(messageHistory));
        }

        public Builder participants(List<Participant> participants) {
            return put("participants", participants == null ? null : List.copyOf(participants));
        }

        public Builder sendMessageHistoryUpdates(boolean sendMessageHistoryUpdates) {
            return put("send_message_history_updates", sendMessageHistoryUpdates);
        }

        public Builder interruptionSettings(InterruptionSettings interruptionSettings) {
            return put("interruption_settings", interruptionSettings);
        }

        public Builder transcription(TranscriptionConfig transcription) {
            return put("transcription", transcription);
        }

        /** Voice identifier, e.g. "female", "AWS.Polly.Joanna-Neural", "Telnyx.KokoroTTS.af". */
        public Builder voice(String voice) {
            return put("voice", voice);
        }

        public Builder voiceSettings(VoiceSettings voiceSettings) {
            return put("voice_settings", voiceSettings);
        }

        @Override
        public ActionStartAiAssistantParams build() {
            return new ActionStartAiAssistantParams(this);
        }
    }
}
