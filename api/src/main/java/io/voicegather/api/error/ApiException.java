package io.voicegather.api.error;

import java.util.List;

/** Thrown by any layer to answer a request with Telnyx-shaped errors instead of a result. */
public final class ApiException extends RuntimeException {
    private final List<ApiError> errors;

    public ApiException(ApiError error) {
        this(List.of(error));
    }

    public ApiException(List<ApiError> errors) {
        super(errors.isEmpty() ? "error" : errors.get(0).code() + " " + errors.get(0).title()
                + (errors.get(0).detail() == null ? "" : ": " + errors.get(0).detail()));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an ApiException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ApiError> errors() {
        return errors;
    }

    /** The HTTP status of the response: that of the first error. */
    public int status() {
        return errors.get(0).status();
    }
}
