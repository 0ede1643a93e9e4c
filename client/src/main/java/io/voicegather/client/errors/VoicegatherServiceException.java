package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** The server answered with a status other than 2xx. Subclasses name the status. */
public abstract class VoicegatherServiceException extends VoicegatherException {
    private final int statusCode;
    private final Map<String, List<String>> headers;
    private final String body;
    private final List<ErrorDetail> errors;

    protected VoicegatherServiceException(int statusCode, Map<String, List<String>> headers, String body,
                                          List<ErrorDetail> errors) {
        super(message(statusCode, errors));
        this.statusCode = statusCode;
        this.headers = headers;
        this.body = body;
        this.errors = List.copyOf(errors);
    }

    public int statusCode() {
        return statusCode;
    }

    /** Response headers, names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The raw response body (usually the JSON error document). */
    public String body() {
        return body;
    }

    /** The parsed {@code errors} array; empty when the body had none. */
    public List<ErrorDetail> errors() {
        return errors;
    }

    /** The first error's code, or null. */
    public String code() {
        return errors.isEmpty() ? null : errors.get(0).code();
    }

    private static String message(int status, List<ErrorDetail> errors) {
        if (errors.isEmpty()) {
            return "HTTP " + status;
        }
        ErrorDetail e = errors.get(0);
        return "HTTP " + status + " " + e.code() + " " + e.title() + (e.detail() == null ? "" : ": " + e.detail());
    }
}
