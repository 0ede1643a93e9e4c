package io.voicegather.client.models.calls.actions;

import io.voicegather.api.json.Json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The common shape of every command's parameters: an optional call_control_id (for the one-argument service
 * overloads) and the JSON body, holding exactly the fields that were set, under their wire names. Immutable.
 */
public abstract class ActionParams {
    private final String callControlId;
    private final Map<String, Object> body;

    protected ActionParams(Builder<?, ?> builder) {
        this.callControlId = builder.callControlId;
        this.body = Collections.unmodifiableMap(new LinkedHashMap<>(builder.body));
    }

    /** The call this command is for, when given to the builder rather than to the service method. */
    public Optional<String> callControlId() {
        return Optional.ofNullable(callControlId);
    }

    /** Base64 text echoed in later webhooks of the call. */
    public Optional<String> clientState() {
        return get("client_state", String.class);
    }

    /** Idempotency key: a repeat within 60 s for the same call has no second effect. */
    public Optional<String> commandId() {
        return get("command_id", String.class);
    }

    /** The fields that will be sent, by wire name, in the order they were set. */
    public Map<String, Object> body() {
        return body;
    }

    /** The JSON request body: only the fields that were set. */
    public String toJson() {
        return Json.write(body);
    }

    protected final <T> Optional<T> get(String wireName, Class<T> type) {
        return Optional.ofNullable(type.cast(body.get(wireName)));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{callControlId=" + callControlId + ", body=" + toJson() + "}";
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass()
                && java.util.Objects.equals(callControlId, ((ActionParams) o).callControlId)
                && body.equals(((ActionParams) o).body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(getClass(), callControlId, body);
    }

    /**
     * Collects fields; setting null removes a field again.
     *
     * @param <P> the params class built
     * @param <B> the concrete builder, returned by every setter
     */
    public abstract static class Builder<P extends ActionParams, B extends Builder<P, B>> {
        private String callControlId;
        private final LinkedHashMap<String, Object> body = new LinkedHashMap<>();

        protected Builder() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        public B callControlId(String callControlId) {
            this.callControlId = callControlId;
            return self();
        }

        public B clientState(String clientState) {
            return put("client_state", clientState);
        }

        public B commandId(String commandId) {
            return put("command_id", commandId);
        }

        /** Starts from an existing params object (its id and every field), for {@code toBuilder()}. */
        protected final B copyFrom(ActionParams params) {
            callControlId = params.callControlId;
            body.putAll(params.body);
            return self();
        }

        /** Sends a field this class has no setter for (any value Jackson can serialise). */
        public B putAdditionalBodyProperty(String wireName, Object value) {
            return put(wireName, value);
        }

        protected final B put(String wireName, Object value) {
            if (value == null) {
                body.remove(wireName);
            } else {
                body.put(wireName, value);
            }
            return self();
        }

        /** Fails the build when a field the API requires is missing, as the official SDKs do. */
        protected final void require(String... wireNames) {
            for (String name : wireNames) {
                if (!body.containsKey(name)) {
                    throw new IllegalStateException("'" + name + "' is required but was not set");
                }
            }
        }

        public abstract P build();
    }
}
