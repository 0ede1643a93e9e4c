package io.voicegather.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.error.ApiError;
import io.voicegather.server.sip.ExtraHeader;
import io.voicegather.server.sip.SipParser;

import java.util.ArrayList;
import java.util.List;

/**
 * answer's {@code custom_headers} and {@code sip_headers}: arrays of {@code {"name","value"}} added to the SIP
 * 200 OK. A name is a SIP token of at most {@value #MAX_NAME_LENGTH} characters that the stack does not own; a
 * value has at most {@value #MAX_VALUE_LENGTH} characters and no control character but tab (so no CR or LF, which
 * would let it forge header lines); each array has at most {@value #MAX_HEADERS} items. sip_headers takes only
 * User-to-User, as Telnyx's does; custom_headers refuses User-to-User so that it has one place.
 */
final class AnswerHeaderFields {
    static final int MAX_HEADERS = 20;
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_VALUE_LENGTH = 512;
    static final String USER_TO_USER = "User-to-User";

    private AnswerHeaderFields() {
    }

    static List<AnswerCommand.Header> customHeaders(BodyFields f) {
        return headers(f, "custom_headers", false);
    }

    static List<AnswerCommand.Header> sipHeaders(BodyFields f) {
        return headers(f, "sip_headers", true);
    }

    private static List<AnswerCommand.Header> headers(BodyFields f, String field, boolean userToUserOnly) {
        JsonNode node = f.present(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            f.reject(ApiError.invalidValue(field, "The value of '" + field
                    + "' must be an array of {\"name\", \"value\"} objects."));
            return null;
        }
        if (node.size() > MAX_HEADERS) {
            f.reject(ApiError.invalidValue(field, "The value of '" + field + "' must have at most " + MAX_HEADERS
                    + " headers, not " + node.size() + "."));
            return null;
        }
        List<AnswerCommand.Header> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            String pointer = "/" + field + "/" + i;
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                f.reject(invalid(pointer, "Each item of '" + field + "' must be an object with 'name' and 'value'."));
                continue;
            }
            String name = name(f, item.get("name"), pointer + "/name", field, userToUserOnly);
            String value = value(f, item.get("value"), pointer + "/value", field, name);
            if (name != null && value != null) {
                out.add(new AnswerCommand.Header(name, value));
            }
        }
        return out;
    }

    private static String name(BodyFields f, JsonNode node, String pointer, String field, boolean userToUserOnly) {
        String label = "'name' in '" + field + "'";
        if (node == null || node.isNull()) {
            f.reject(missing(pointer, label));
            return null;
        }
        if (!node.isTextual()) {
            f.reject(invalid(pointer, "The " + label + " must be a string."));
            return null;
        }
        String name = node.textValue();
        if (userToUserOnly) {
            if (!name.equalsIgnoreCase(USER_TO_USER)) {
                f.reject(invalid(pointer, "Only the User-to-User header is supported in 'sip_headers', not '"
                        + printable(name) + "'; send other headers in 'custom_headers'."));
                return null;
            }
            return USER_TO_USER;
        }
        if (name.length() > MAX_NAME_LENGTH || !SipParser.isToken(name)) {
            f.reject(invalid(pointer, "The " + label + " must be a SIP header name of 1 to " + MAX_NAME_LENGTH
                    + " characters from A-Z a-z 0-9 - . ! % * _ + ` ' ~, not '" + printable(name) + "'."));
            return null;
        }
        if (name.equalsIgnoreCase(USER_TO_USER)) {
            f.reject(invalid(pointer, "Send User-to-User in 'sip_headers', not in 'custom_headers'."));
            return null;
        }
        if (ExtraHeader.stackOwns(name)) {
            f.reject(invalid(pointer, "The header '" + name + "' is written by the SIP stack and cannot be set "
                    + "in 'custom_headers' (nor can Via, From, To, Call-ID, CSeq, Contact, Content-*, Max-Forwards, "
                    + "Record-Route, Route, Allow, Supported, Require and the like, in full or compact form)."));
            return null;
        }
        return name;
    }

    private static String value(BodyFields f, JsonNode node, String pointer, String field, String name) {
        String label = "'value' " + (name != null ? "of '" + name + "' " : "") + "in '" + field + "'";
        if (node == null || node.isNull()) {
            f.reject(missing(pointer, label));
            return null;
        }
        if (!node.isTextual()) {
            f.reject(invalid(pointer, "The " + label + " must be a string."));
            return null;
        }
        String value = node.textValue();
        if (value.length() > MAX_VALUE_LENGTH) {
            f.reject(invalid(pointer, "The " + label + " must be at most " + MAX_VALUE_LENGTH
                    + " characters long."));
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                f.reject(invalid(pointer, "The " + label + " must not contain CR, LF or another control character"
                        + " (U+" + String.format("%04X", (int) c) + " at position " + i + ")."));
                return null;
            }
        }
        return value;
    }

    /** The name as shown in a detail: control characters escaped, cut at 80 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 80; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04X", (int) c) : String.valueOf(c));
        }
        return s.length() > 80 ? b + "..." : b.toString();
    }

    private static ApiError missing(String pointer, String label) {
        return new ApiError(422, "10004", "Missing required parameter", "The " + label + " parameter is required.",
                pointer);
    }

    private static ApiError invalid(String pointer, String detail) {
        return new ApiError(422, "10015", "Invalid value", detail, pointer);
    }
}
