package io.voicegather.server.http;

import io.voicegather.api.error.ApiError;

/**
 * The errors only the HTTP layer raises. Codes follow Telnyx where Telnyx has one (10007, 10011, 10028);
 * 10405, 10413 and 10000 are this server's own, documented in docs/errors.md.
 */
final class HttpErrors {
    private HttpErrors() {
    }

    static ApiError notFound() {
        return new ApiError(404, "10007", "Resource not found",
                "The requested resource or URL could not be found.", null);
    }

    static ApiError methodNotAllowed(String method, String allowed) {
        return new ApiError(405, "10405", "Method not allowed",
                "The method " + method + " is not allowed on this resource; allowed: " + allowed + ".", null);
    }

    static ApiError bodyTooLarge(long maxBytes) {
        return new ApiError(413, "10413", "Request body too large",
                "The request body must not exceed " + maxBytes + " bytes.", null);
    }

    static ApiError tooManyRequests() {
        return new ApiError(429, "10011", "Too many requests",
                "You have exceeded the maximum number of allowed requests.", null);
    }

    static ApiError invalidBody(String detail) {
        return new ApiError(400, "10028", "Invalid request body", detail, null);
    }

    static ApiError internal() {
        return new ApiError(500, "10000", "Internal server error",
                "An unexpected error occurred while handling the request.", null);
    }

    /** A call_control_id path segment that cannot be decoded can never name a call. */
    static ApiError undecodableCallControlId(String reason) {
        return new ApiError(422, "90015", "Invalid Call Control ID",
                "The call_control_id in the path is not valid: " + reason + ".", "/call_control_id");
    }
}
