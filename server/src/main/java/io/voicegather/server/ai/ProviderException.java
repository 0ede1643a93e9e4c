package io.voicegather.server.ai;

/**
 * A speech, language or voice provider failed: unreachable, timed out, answered an error, or answered something
 * unusable. The message is short and safe to put in a webhook ({@code "stt: timed out after 5000 ms"}).
 */
public final class ProviderException extends RuntimeException {
    private final String provider;

    public ProviderException(String provider, String detail) {
        super(provider + ": " + detail);
        this.provider = provider;
    }

    public ProviderException(String provider, String detail, Throwable cause) {
        super(provider + ": " + detail, cause);
        this.provider = provider;
    }

    /** {@code stt}, {@code llm} or {@code tts}. */
    public String provider() {
        return provider;
    }

    /** The ProviderException inside a future's failure, or a new one wrapping whatever else it was. */
    public static ProviderException of(String provider, Throwable failure) {
        Throwable t = failure;
        while (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) {
            if (t.getCause() == null) {
                break;
            }
            t = t.getCause();
        }
        if (t instanceof ProviderException p) {
            return p;
        }
        return new ProviderException(provider, String.valueOf(t.getMessage() == null ? t : t.getMessage()), t);
    }
}
