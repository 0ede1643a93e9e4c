package io.voicegather.client.errors;

import java.util.List;
import java.util.Map;

/** HTTP any other non-2xx status. */
public final class UnexpectedStatusCodeException extends VoicegatherServiceException {
    public UnexpectedStatusCodeException(int statusCode, Map<String, List<String>> headers, String body, List<ErrorDetail> errors) {
        super(statusCode, headers, body, errors);
    }
}
