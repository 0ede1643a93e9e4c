package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/speak}. Speaks text on the call; call.speak.started
 * and call.speak.ended follow. Required: {@code payload}, {@code voice}.
 */
public final class ActionSpeakParams extends ActionParams {
    /** Values of {@code payload_type}. */
    public enum PayloadType {
        TEXT("text"),
        SSML("ssml");

        private final String value;

        PayloadType(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code service_level}. */
    public enum ServiceLevel {
        BASIC("basic"),
        PREMIUM("premium");

        private final String value;

        ServiceLevel(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code stop}. */
    public enum Stop {
        CURRENT("current"),
        ALL("all");

        private final String value;

        Stop(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    /** Values of {@code target_legs}. */
    public enum TargetLegs {
        SELF("self"),
        OPPOSITE("opposite"),
        BOTH("both");

        private final String value;

        TargetLegs(String value) {
            this.value = value;
        }

        /** The wire value. */
        public String value() {
            return value;
        }
    }

    private ActionSpeakParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<String> payload() {
        return get("payload", String.class);
    }

    public Optional<String> voice() {
        return get("voice", String.class);
    }

    public Optional<String> payloadType() {
        return get("payload_type", String.class);
    }

    public Optional<String> serviceLevel() {
        return get("service_level", String.class);
    }

    public Optional<String> language() {
        return get("language", String.class);
    }

    public Optional<VoiceSettings> voiceSettings() {
        return get("voice_settings", VoiceSettings.class);
    }

    public Optional<Object> loop() {
        return get("loop", Object.class);
    }

    public Optional<String> stop() {
        return get("stop", String.class);
    }

    public Optional<String> targetLegs() {
        return get("target_legs", String.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionSpeakParams, Builder> {
        private Builder() {
        }

        /** Text or SSML to speak (at most 3000 characters). */
        public Builder payload(String payload) {
            return put("payload", payload);
        }

        /** Voice identifier, e.g. "female", "AWS.Polly.Joanna-Neural", "Telnyx.KokoroTTS.af". */
        public Builder voice(String voice) {
            return put("voice", voice);
        }

        public Builder payloadType(PayloadType payloadType) {
            return put("payload_type", payloadType == null ? null : payloadType.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder payloadType(String payloadType) {
            return put("payload_type", payloadType);
        }

        public Builder serviceLevel(ServiceLevel serviceLevel) {
            return put("service_level", serviceLevel == null ? null : serviceLevel.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder serviceLevel(String serviceLevel) {
            return put("service_level", serviceLevel);
        }

        /** Language of the speech (speak commands) or of transcription (AI commands). */
        public Builder language(String language) {
            return put("language", language);
        }

        public Builder voiceSettings(VoiceSettings voiceSettings) {
            return put("voice_settings", voiceSettings);
        }

        /** How many times to play: 1 to 100, or "infinity". */
        public Builder loop(int times) {
            return put("loop", times);
        }

        /** Plays until stopped. */
        public Builder loopInfinity() {
            return put("loop", "infinity");
        }

        public Builder stop(Stop stop) {
            return put("stop", stop == null ? null : stop.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder stop(String stop) {
            return put("stop", stop);
        }

        public Builder targetLegs(TargetLegs targetLegs) {
            return put("target_legs", targetLegs == null ? null : targetLegs.value());
        }

        /** As the enum overload, for values this SDK does not list yet. */
        public Builder targetLegs(String targetLegs) {
            return put("target_legs", targetLegs);
        }

        @Override
        public ActionSpeakParams build() {
            require("payload", "voice");
            return new ActionSpeakParams(this);
        }
    }
}
