package io.voicegather.client.models.calls.actions;

import java.util.List;
import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/hangup}. Hangs up the call; call.hangup follows.
 */
public final class ActionHangupParams extends ActionParams {
    private ActionHangupParams(Builder builder) {
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
    public Optional<List<CustomHeader>> customHeaders() {
        return Optional.ofNullable((List<CustomHeader>) body().get("custom_headers"));
    }

    public static final class Builder extends ActionParams.Builder<ActionHangupParams, Builder> {
        private Builder() {
        }

        public Builder customHeaders(List<CustomHeader> customHeaders) {
            return put("custom_headers", customHeaders == null ? null : List.copyOf(customHeaders));
        }

        @Override
        public ActionHangupParams build() {
            return new ActionHangupParams(this);
        }
    }
}
