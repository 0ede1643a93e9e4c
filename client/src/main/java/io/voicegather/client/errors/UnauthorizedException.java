package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP 401 Unauthorized: a missing or wrong API key. */
public final class UnauthorizedException extends VoicegatherServiceException {
    public UnauthorizedException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
