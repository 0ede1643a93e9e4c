package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP 429 Too Many Requests. */
public final class RateLimitException extends VoicegatherServiceException {
    public RateLimitException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
