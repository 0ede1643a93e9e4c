package io.voicegather.server.call;

/**
 * A prompt that cannot be played. {@code notFound} distinguishes a missing file (status {@code file_not_found} in
 * call.playback.ended) from any other failure ({@code failed}).
 */
public final class PromptUnavailableException extends RuntimeException {
    private final boolean notFound;

    public PromptUnavailableException(boolean notFound, String detail, Throwable cause) {
        super(detail, cause);
        this.notFound = notFound;
    }

    public boolean notFound() {
        return notFound;
    }

    /** The {@code status} of call.playback.ended for this failure. */
    public String playbackStatus() {
        return notFound ? "file_not_found" : "failed";
    }

    /** Unwraps the failure of a prompt future. */
    static PromptUnavailableException of(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof PromptUnavailableException p ? p
                : new PromptUnavailableException(false, String.valueOf(e.getMessage()), e);
    }
}
