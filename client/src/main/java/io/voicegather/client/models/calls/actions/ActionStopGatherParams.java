package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/gather_stop}. Stops the current gather; it ends with
 * call.gather.ended.
 */
public final class ActionStopGatherParams extends ActionParams {
    private ActionStopGatherParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public static final class Builder extends ActionParams.Builder<ActionStopGatherParams, Builder> {
        private Builder() {
        }

        @Override
        public ActionStopGatherParams build() {
            return new ActionStopGatherParams(this);
        }
    }
}
