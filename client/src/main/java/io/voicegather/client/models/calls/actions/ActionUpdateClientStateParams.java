package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code PUT /calls/{call_control_id}/actions/client_state_update}. Replaces the client_state echoed
 * in later webhooks, without any other action. Required: {@code client_state}.
 */
public final class ActionUpdateClientStateParams extends ActionParams {
    private ActionUpdateClientStateParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public static final class Builder extends ActionParams.Builder<ActionUpdateClientStateParams, Builder> {
        private Builder() {
        }

        @Override
        public ActionUpdateClientStateParams build() {
            require("client_state");
            return new ActionUpdateClientStateParams(this);
        }
    }
}
