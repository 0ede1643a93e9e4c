package io.voicegather.client.models.calls.actions;

import java.util.List;
import java.util.Optional;

/**
 * Parameters of {@code POST /calls/{call_control_id}/actions/ai_assistant_add_messages}. Adds messages to the
 * running AI assistant's conversation.
 */
public final class ActionAddAiAssistantMessagesParams extends ActionParams {
    private ActionAddAiAssistantMessagesParams(Builder builder) {
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
    public Optional<List<AiAssistantMessage>> messages() {
        return Optional.ofNullable((List<AiAssistantMessage>) body().get("messages"));
    }

    public Optional<Boolean> triggerResponse() {
        return get("trigger_response", Boolean.class);
    }

    public static final class Builder extends ActionParams.Builder<ActionAddAiAssistantMessagesParams, Builder> {
        private Builder() {
        }

        public Builder messages(List<AiAssistantMessage> messages) {
            return put("messages", messages == null ? null : List.copyOf(messages));
        }

        /** Make the assistant answer right away. */
        public Builder triggerResponse(boolean triggerResponse) {
            return put("trigger_response", triggerResponse);
        }

        @Override
        public ActionAddAiAssistantMessagesParams build() {
            return new ActionAddAiAssistantMessagesParams(this);
        }
    }
}
