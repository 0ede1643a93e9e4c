package io.voicegather.client.models.ai.assistants;

/** Names the assistant of {@code DELETE /ai/assistants/{assistant_id}}. Immutable. */
public final class AssistantDeleteParams {
    private final String assistantId;

    private AssistantDeleteParams(String assistantId) {
        this.assistantId = assistantId;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String assistantId() {
        return assistantId;
    }

    public Builder toBuilder() {
        return new Builder().assistantId(assistantId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssistantDeleteParams p && p.assistantId.equals(assistantId);
    }

    @Override
    public int hashCode() {
        return assistantId.hashCode();
    }

    @Override
    public String toString() {
        return "AssistantDeleteParams{assistantId=" + assistantId + "}";
    }

    /** Not thread-safe. */
    public static final class Builder {
        private String assistantId;

        private Builder() {
        }

        /** Required. */
        public Builder assistantId(String assistantId) {
            this.assistantId = assistantId;
            return this;
        }

        public AssistantDeleteParams build() {
            if (assistantId == null) {
                throw new IllegalStateException("'assistantId' is required but was not set");
            }
            return new AssistantDeleteParams(assistantId);
        }
    }
}
