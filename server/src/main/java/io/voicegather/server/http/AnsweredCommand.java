package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A call command the API answered, for metrics and the call's event log.
 *
 * @param name          the action (answer, gather, …)
 * @param callControlId the call it was for, as the path named it
 * @param request       its JSON body, or null when the body was not a JSON object
 * @param status        the HTTP status answered
 * @param errorCode     the first error's code when the status is not 200, else null
 * @param arrived       when the request arrived (the system clock)
 * @param nanos         from the request to the answer sent
 */
public record AnsweredCommand(String name, String callControlId, ObjectNode request, int status, String errorCode,
                              Instant arrived, long nanos) {
    /** Told of every call command answered, on the HTTP worker after the answer is sent. Must not block. */
    public interface Observer {
        Observer NONE = command -> {
        };

        void answered(AnsweredCommand command);
    }
}
