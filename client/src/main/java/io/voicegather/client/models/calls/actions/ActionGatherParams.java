package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/gather}. Collects DTMF digits without a prompt;
 * reported by call.dtmf.received and call.gather.ended.
 */
public final class ActionGatherParams extends ActionParams {
    private ActionGatherParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<Integer> minimumDigits() {
        return get("minimum_digits", Integer.class);
    }

    public Optional<Integer> maximumDigits() {
        return get("maximum_digits", Integer.class);
    }

    public Optional<Integer> timeoutMillis() {
        return get("timeout_millis", Integer.class);
    }

    public Optional<Integer> initialTimeoutMillis() {
        return get("initial_timeout_millis", Integer.class);
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

    public Optional<String> gatherId() {
        return get("gather_id", String.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionGatherParams, Builder> {
        private Builder() {
        }

        /** Fewest digits that make a valid result (server default 1, at least 1). */
        public Builder minimumDigits(int minimumDigits) {
            return put("minimum_digits", minimumDigits);
        }

        /** Most digits collected (server default 128, at most 128). */
        public Builder maximumDigits(int maximumDigits) {
            return put("maximum_digits", maximumDigits);
        }

        /** Overall time allowed (gather) or the wait after the prompt before replaying it (server default 60000). */
        public Builder timeoutMillis(int timeoutMillis) {
            return put("timeout_millis", timeoutMillis);
        }

        /** Wait for the first digit (server default 5000). */
        public Builder initialTimeoutMillis(int initialTimeoutMillis) {
            return put("initial_timeout_millis", initialTimeoutMillis);
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

        /** Echoed in call.gather.ended; 1 to 40 characters (server generates one when absent). */
        public Builder gatherId(String gatherId) {
            return put("gather_id", gatherId);
        }

        @Override
        public ActionGatherParams build() {
            return new ActionGatherParams(this);
        }
    }
}
