package io.voicegather.client.models.ai.assistants;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code POST /ai/assistants/{assistant_id}}, a partial update: each field set replaces the stored one,
 * a field sent through {@link Builder#removeStoredField(String)} is removed, the others stay. The id can be given
 * here or to the service method. Immutable.
 */
public final class AssistantUpdateParams extends AssistantBodyParams {
    private final String assistantId;

    private AssistantUpdateParams(Builder builder) {
        super(builder);
        this.assistantId = builder.assistantId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** No change at all (the server answers the assistant as it is). */
    public static AssistantUpdateParams none() {
        return builder().build();
    }

    /** A builder holding this object's id and fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this).assistantId(assistantId);
    }

    public Optional<String> assistantId() {
        return Optional.ofNullable(assistantId);
    }

    /** The fields this update removes from the stored assistant (sent as JSON null), in their order. */
    public Set<String> removedFields() {
        Set<String> out = new LinkedHashSet<>();
        rawBody().fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                out.add(e.getKey());
            }
        });
        return Collections.unmodifiableSet(out);
    }

    public Optional<String> name() {
        return JsonFields.text(rawBody(), "name");
    }

    public Optional<String> instructions() {
        return JsonFields.text(rawBody(), "instructions");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssistantUpdateParams p && Objects.equals(p.assistantId, assistantId)
                && p.rawBody().equals(rawBody());
    }

    @Override
    public int hashCode() {
        return Objects.hash(assistantId, rawBody());
    }

    @Override
    public String toString() {
        return "AssistantUpdateParams{assistantId=" + assistantId + ", body=" + toJson() + "}";
    }

    public static final class Builder extends AssistantBodyParams.Builder<AssistantUpdateParams, Builder> {
        private String assistantId;

        private Builder() {
        }

        /** The assistant to change, when not given to the service method. */
        public Builder assistantId(String assistantId) {
            this.assistantId = assistantId;
            return this;
        }

        /**
         * Sends {@code wireName} as JSON null, which removes that field from the stored assistant (for example
         * {@code "greeting"}). Removing {@code name} or {@code instructions} is refused by the server with 422.
         */
        public Builder removeStoredField(String wireName) {
            return putNull(wireName);
        }

        @Override
        public AssistantUpdateParams build() {
            return new AssistantUpdateParams(this);
        }
    }
}
