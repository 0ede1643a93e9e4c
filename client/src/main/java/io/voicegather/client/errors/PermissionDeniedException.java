package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP 403 Forbidden. */
public final class PermissionDeniedException extends VoicegatherServiceException {
    public PermissionDeniedException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
