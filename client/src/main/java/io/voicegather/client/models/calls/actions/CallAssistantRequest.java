package io.voicegather.client.models.calls.actions;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assistant of ai_assistant_start (and answer's {@code assistant}): a stored assistant's {@code id}, plus
 * optional overrides of its configuration. Immutable; build with {@link #builder()}.
 */
public final class CallAssistantRequest {
    private final Map<String, Object> fields;

    private CallAssistantRequest(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String id() {
        return (String) fields.get("id");
    }

    @JsonValue
    public Map<String, Object> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallAssistantRequest r && r.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "CallAssistantRequest" + fields;
    }

    public static final class Builder {
        private final LinkedHashMap<String, Object> fields = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder id(String id) {
            return put("id", id);
        }

        public Builder name(String name) {
            return put("name", name);
        }

        public Builder model(String model) {
            return put("model", model);
        }

        public Builder instructions(String instructions) {
            return put("instructions", instructions);
        }

        public Builder greeting(String greeting) {
            return put("greeting", greeting);
        }

        public Builder llmApiKeyRef(String ref) {
            return put("llm_api_key_ref", ref);
        }

        public Builder dynamicVariables(Map<String, Object> variables) {
            return put("dynamic_variables", variables);
        }

        public Builder tools(List<Map<String, Object>> tools) {
            return put("tools", tools);
        }

        public Builder putAdditionalProperty(String wireName, Object value) {
            return put(wireName, value);
        }

        private Builder put(String key, Object value) {
            if (value == null) {
                fields.remove(key);
            } else {
                fields.put(key, value);
            }
            return this;
        }

        public CallAssistantRequest build() {
            if (!fields.containsKey("id")) {
                throw new IllegalStateException("'id' is required but was not set");
            }
            return new CallAssistantRequest(fields);
        }
    }
}
