package io.voicegather.client.models.calls.actions;

import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/ai_assistant_stop}. Stops the AI assistant of the
 * call.
 */
public final class ActionStopAiAssistantParams extends ActionParams {
    private ActionStopAiAssistantParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public static final class Builder extends ActionParams.Builder<ActionStopAiAssistantParams, Builder> {
        private Builder() {
        }

        @Override
        public ActionStopAiAssistantParams build() {
            return new ActionStopAiAssistantParams(this);
        }
    }
}
