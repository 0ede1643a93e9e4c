package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP 400 Bad Request. */
public final class BadRequestException extends VoicegatherServiceException {
    public BadRequestException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
