package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/send_dtmf}. Sends DTMF keys to the caller; no
 * webhooks follow. Required: {@code digits}.
 */
public final class ActionSendDtmfParams extends ActionParams {
    private ActionSendDtmfParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public Optional<String> digits() {
        return get("digits", String.class);
    }

    public Optional<Integer> durationMillis() {
        return get("duration_millis", Integer.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionSendDtmfParams, Builder> {
        private Builder() {
        }

        /** Keys 0-9, A-D, * and #; {@code w} pauses 0.5 s and {@code W} 1 s (at most 128 characters). */
        public Builder digits(String digits) {
            return put("digits", digits);
        }

        /** How long each key sounds, 100-500 ms (250 when not set). */
        public Builder durationMillis(int durationMillis) {
            return put("duration_millis", durationMillis);
        }

        @Override
        public ActionSendDtmfParams build() {
            require("digits");
            return new ActionSendDtmfParams(this);
        }
    }
}
