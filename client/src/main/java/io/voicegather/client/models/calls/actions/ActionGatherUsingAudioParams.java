package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/gather_using_audio}. Plays an audio prompt while
 * collecting DTMF digits.
 */
public final class ActionGatherUsingAudioParams extends ActionParams {
    private ActionGatherUsingAudioParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<String> audioUrl() {
        return get("audio_url", String.class);
    }

    public Optional<String> mediaName() {
        return get("media_name", String.class);
    }

    public Optional<String> invalidAudioUrl() {
        return get("invalid_audio_url", String.class);
    }

    public Optional<String> invalidMediaName() {
        return get("invalid_media_name", String.class);
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

    public static final class Builder extends ActionParams.Builder<ActionGatherUsingAudioParams, Builder> {
        private Builder() {
        }

        /** WAV or MP3 URL; exclusive with media_name. */
        public Builder audioUrl(String audioUrl) {
            return put("audio_url", audioUrl);
        }

        /** Name of a stored media file; exclusive with audio_url. */
        public Builder mediaName(String mediaName) {
            return put("media_name", mediaName);
        }

        /** Played when the input is invalid; exclusive with invalid_media_name. */
        public Builder invalidAudioUrl(String invalidAudioUrl) {
            return put("invalid_audio_url", invalidAudioUrl);
        }

        /** Stored media played when the input is invalid. */
        public Builder invalidMediaName(String invalidMediaName) {
            return put("invalid_media_name", invalidMediaName);
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
        public ActionGatherUsingAudioParams build() {
            return new ActionGatherUsingAudioParams(this);
        }
    }
}
