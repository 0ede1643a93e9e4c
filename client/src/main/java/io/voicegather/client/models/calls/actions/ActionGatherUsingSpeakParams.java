package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/gather_using_speak}. Speaks a prompt while collecting
 * DTMF digits. Required: {@code payload}, {@code voice}.
 */
public final class ActionGatherUsingSpeakParams extends ActionParams {
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

    private ActionGatherUsingSpeakParams(Builder builder) {
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

    public Optional<String> invalidPayload() {
        return get("invalid_payload", String.class);
    }

    public Optional<Integer> minimumDigits() {
        return get("minimum_digits", Integer.class);
    }

    public Optional<Integer> maximumDigits() {
        return get("maximum_digits", Integer.class);
    }

    public Optional<Integer> maximumTries() {
        return get("maximum_tries", Integer.class);
    }

    public Optional<Integer> timeoutMillis() {
        return get("timeout_millis", Integer.class);
    }

    public Optional<Integer> interDigitTimeoutMillis() {
        return get("inter_digit_timeout_millis", Integer.class);
    }

    public Optional<String> terminatingDigit() {
        return get("terminating_digit", String.class);
    }

    public Optional<String> validDigits() {
        return get("valid_digits", String.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionGatherUsingSpeakParams, Builder> {
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

        /** Spoken when the input is invalid. */
        public Builder invalidPayload(String invalidPayload) {
            return put("invalid_payload", invalidPayload);
        }

        /** Fewest digits that make a valid result (server default 1, at least 1). */
        public Builder minimumDigits(int minimumDigits) {
            return put("minimum_digits", minimumDigits);
        }

        /** Most digits collected (server default 128, at most 128). */
        public Builder maximumDigits(int maximumDigits) {
            return put("maximum_digits", maximumDigits);
        }

        /** How often the prompt is played when there is no valid input (server default 3). */
        public Builder maximumTries(int maximumTries) {
            return put("maximum_tries", maximumTries);
        }

        /** Overall time allowed (gather) or the wait after the prompt before replaying it (server default 60000). */
        public Builder timeoutMillis(int timeoutMillis) {
            return put("timeout_millis", timeoutMillis);
        }

        /** Wait between digits (server default 5000). */
        public Builder interDigitTimeoutMillis(int interDigitTimeoutMillis) {
            return put("inter_digit_timeout_millis", interDigitTimeoutMillis);
        }

        /** The key that ends input early (server default "#"). */
        public Builder terminatingDigit(String terminatingDigit) {
            return put("terminating_digit", terminatingDigit);
        }

        /** The keys accepted (server default "0123456789#*"). */
        public Builder validDigits(String validDigits) {
            return put("valid_digits", validDigits);
        }

        @Override
        public ActionGatherUsingSpeakParams build() {
            require("payload", "voice");
            return new ActionGatherUsingSpeakParams(this);
        }
    }
}
