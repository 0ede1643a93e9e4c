package io.voicegather.client.models.ai.assistants;

import java.util.Objects;

/**
 * The body of {@code POST /ai/assistants}: {@code name} and {@code instructions} are required (the builder fails
 * without them); every other field is optional, and fields without a setter go through
 * {@code putAdditionalBodyProperty}. Immutable.
 */
public final class AssistantCreateParams extends AssistantBodyParams {
    private AssistantCreateParams(Builder builder) {
        super(builder);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this object's fields, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().copyFrom(this);
    }

    public String name() {
        return rawBody().get("name").asText();
    }

    public String instructions() {
        return rawBody().get("instructions").asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssistantCreateParams p && p.rawBody().equals(rawBody());
    }

    @Override
    public int hashCode() {
        return Objects.hash(AssistantCreateParams.class, rawBody());
    }

    public static final class Builder extends AssistantBodyParams.Builder<AssistantCreateParams, Builder> {
        private Builder() {
        }

        /** @throws IllegalStateException when name or instructions is missing */
        @Override
        public AssistantCreateParams build() {
            require("name", "instructions");
            return new AssistantCreateParams(this);
        }
    }
}
