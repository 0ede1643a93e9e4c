package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads typed fields out of a request body object, collecting every validation error instead of stopping at
 * the first, so that one 422 lists them all. A JSON null counts as absent. Each reader returns null when the
 * field is absent or invalid; {@link #throwIfInvalid()} ends the parse.
 */
final class BodyFields {
    static final int MAX_CLIENT_STATE_LENGTH = 4096;
    static final int MAX_COMMAND_ID_LENGTH = 256;

    private final ObjectNode body;
    private final List<ApiError> errors;
    /** Pointer of the object read, without the leading '/' and with a trailing one ("" for the body itself). */
    private final String prefix;

    BodyFields(ObjectNode body) {
        this(body, new ArrayList<>(), "");
    }

    private BodyFields(ObjectNode body, List<ApiError> errors, String prefix) {
        this.body = body;
        this.errors = errors;
        this.prefix = prefix;
    }

    /**
     * A reader of an object inside this one (e.g. {@code assistant}, or {@code messages/2}) whose errors point
     * into it ({@code /assistant/id}) and are collected with this reader's.
     */
    BodyFields nested(String relativePath, ObjectNode object) {
        return new BodyFields(object, errors, prefix + relativePath + "/");
    }

    /** The field's pointer without the leading '/': "assistant/id" for field id of the nested assistant reader. */
    String path(String name) {
        return prefix + name;
    }

    /** The field as error details name it: "assistant.id". */
    String label(String name) {
        return path(name).replace('/', '.');
    }

    /** The object this reader reads. */
    ObjectNode object() {
        return body;
    }

    /** The field's node, or null when absent or JSON null. */
    JsonNode present(String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? null : n;
    }

    void reject(ApiError error) {
        errors.add(error);
    }

    boolean hasErrorFor(String name) {
        String pointer = "/" + path(name);
        return errors.stream().anyMatch(e -> pointer.equals(e.pointer()));
    }

    /** A string field; any other JSON type is an invalid value. */
    String string(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isTextual()) {
            reject(ApiError.invalidValue(path(name), "The value of '" + label(name) + "' must be a string."));
            return null;
        }
        return n.textValue();
    }

    /** A string of minLength..maxLength characters. */
    String string(String name, int minLength, int maxLength) {
        String s = string(name);
        if (s != null && (s.length() < minLength || s.length() > maxLength)) {
            reject(ApiError.invalidValue(path(name), "The value of '" + label(name) + "' must be " + minLength
                    + " to " + maxLength + " characters long."));
            return null;
        }
        return s;
    }

    /** A JSON boolean, or the default when absent; anything else is 10015. */
    Boolean bool(String name, boolean dflt) {
        JsonNode n = present(name);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            reject(ApiError.invalidValue(path(name), "The value of '" + label(name) + "' must be true or false."));
            return null;
        }
        return n.booleanValue();
    }

    /** A string that must be sent: absent or null is 10004; else as {@link #string(String, int, int)}. */
    String requiredString(String name, int maxLength) {
        if (present(name) == null) {
            reject(missing(name));
            return null;
        }
        return string(name, 1, maxLength);
    }

    /** 10004 for a required field that was not sent (or sent as null). */
    ApiError missing(String name) {
        return new ApiError(422, "10004", "Missing required parameter",
                "The '" + label(name) + "' parameter is required.", "/" + path(name));
    }

    /**
     * An integer in min..max, or the default when absent. A number with a fractional part or a non-number is
     * an invalid value (10015); an integer outside the range is 10033. A float with zero fraction (4.0) is
     * taken as the integer it equals. Returns null when invalid.
     */
    Long integer(String name, long min, long max, long dflt) {
        JsonNode n = present(name);
        if (n == null) {
            return dflt;
        }
        if (n.isIntegralNumber()) {
            if (n.canConvertToLong() && n.longValue() >= min && n.longValue() <= max) {
                return n.longValue();
            }
            reject(outOfRange(name, min, max));
            return null;
        }
        if (n.isFloatingPointNumber()) {
            double d = n.doubleValue();
            if (Double.isFinite(d) && d != Math.rint(d)) {
                reject(notAnInteger(name));
                return null;
            }
            if (Double.isFinite(d) && d >= min && d <= max) {
                return (long) d;
            }
            reject(outOfRange(name, min, max));
            return null;
        }
        reject(notAnInteger(name));
        return null;
    }

    /** client_state and command_id, both optional. */
    CommandMeta meta() {
        String clientState = clientState();
        String commandId = string("command_id", 1, MAX_COMMAND_ID_LENGTH);
        return clientState == null && commandId == null ? CommandMeta.NONE : new CommandMeta(clientState, commandId);
    }

    /** Optional client_state: Base64, at most 4096 characters. */
    String clientState() {
        String s = string("client_state");
        if (s == null) {
            return null;
        }
        if (s.length() > MAX_CLIENT_STATE_LENGTH) {
            reject(ApiError.invalidValue("client_state", "The value of 'client_state' must be at most "
                    + MAX_CLIENT_STATE_LENGTH + " characters long."));
            return null;
        }
        if (!Base64Text.isValid(s)) {
            reject(ApiError.invalidValue("client_state", "The value of 'client_state' must be valid Base64 "
                    + "(standard or URL-safe alphabet, correct padding, no whitespace)."));
            return null;
        }
        return s;
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw new ApiException(errors);
        }
    }

    private ApiError notAnInteger(String name) {
        return ApiError.invalidValue(path(name), "The value of '" + label(name) + "' must be an integer.");
    }

    ApiError outOfRange(String name, long min, long max) {
        return prefix.isEmpty() ? ApiError.outOfRange(name, min, max)
                : new ApiError(422, "10033", "Value outside of range", "The value of '" + label(name)
                + "' must be in the allowed range " + min + " to " + max + ".", "/" + path(name));
    }
}
