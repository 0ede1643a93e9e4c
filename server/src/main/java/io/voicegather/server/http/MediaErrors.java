package io.voicegather.server.http;

import io.voicegather.api.error.ApiError;
import io.voicegather.server.store.media.MediaStoreException;

/**
 * Errors of /v2/media (docs/media-storage.md). Telnyx's own codes where one fits (10007 not found, 10015 invalid
 * value, 10033 out of range, 10413 too large); 10409, 10415 and 10424 are this server's, numbered after the HTTP
 * status whose meaning they carry, like 10405 and 10413.
 */
final class MediaErrors {
    private MediaErrors() {
    }

    static ApiError from(MediaStoreException e) {
        return switch (e.reason()) {
            case INVALID_NAME -> invalidName(e.getMessage());
            case DUPLICATE_NAME -> new ApiError(422, "10409", "Media name already in use", e.getMessage(),
                    "/media_name");
            case NOT_FOUND -> notFound(e.getMessage());
            case UNSUPPORTED_CONTENT -> new ApiError(422, "10015", "Invalid value", e.getMessage(), "/media");
            case TOO_LARGE -> new ApiError(413, "10413", "Request body too large", e.getMessage(), "/media");
            case INVALID_TTL -> new ApiError(422, "10033", "Value outside of range", e.getMessage(), "/ttl_secs");
            case INVALID_URL -> new ApiError(422, "10015", "Invalid value", e.getMessage(), "/media_url");
            case FETCH_FAILED -> new ApiError(422, "10424", "Media URL could not be fetched", e.getMessage(),
                    "/media_url");
        };
    }

    static ApiError notFound(String detail) {
        return new ApiError(404, "10007", "Resource not found", detail, null);
    }

    static ApiError invalidName(String detail) {
        return new ApiError(422, "10015", "Invalid value", detail, "/media_name");
    }

    static ApiError unsupportedRequestType(String given) {
        return new ApiError(415, "10415", "Unsupported Content-Type",
                "The request Content-Type must be application/json or multipart/form-data, not '" + given + "'.",
                null);
    }
}
