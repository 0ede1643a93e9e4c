package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP 404 Not Found. */
public final class NotFoundException extends VoicegatherServiceException {
    public NotFoundException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
