package io.voicegather.client.models.ai.assistants;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * An immutable model backed by the whole JSON object it was read from or built as, so that no field is lost: the
 * typed accessors read it, {@link #additionalProperties()} returns what they do not cover, equality is the JSON's.
 */
public abstract class JsonObjectModel {
    /** The object; never handed out (copies are). */
    protected final ObjectNode json;
    private final Set<String> known;

    /** @param known the wire names the subclass has accessors for */
    protected JsonObjectModel(ObjectNode json, Set<String> known) {
        this.json = json;
        this.known = known;
    }

    /** Fields this class has no accessor for, as sent or answered. */
    public Map<String, JsonNode> additionalProperties() {
        return JsonFields.others(json, known);
    }

    /** The whole object as JSON (a copy). */
    @JsonValue
    public ObjectNode _json() {
        return json.deepCopy();
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((JsonObjectModel) o).json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + json;
    }
}
