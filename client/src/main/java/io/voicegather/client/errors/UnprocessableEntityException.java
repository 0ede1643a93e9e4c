package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP 422 Unprocessable Entity: validation and call-state errors. */
public final class UnprocessableEntityException extends VoicegatherServiceException {
    public UnprocessableEntityException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
