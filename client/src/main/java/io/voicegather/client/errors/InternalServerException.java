package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP any 5xx status. */
public final class InternalServerException extends VoicegatherServiceException {
    public InternalServerException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
