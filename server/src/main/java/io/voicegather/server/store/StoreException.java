package io.voicegather.server.store;

/** A database failure, unchecked so that callers on hot paths are not forced into try/catch noise. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code what}: the deepest cause's message", for failures a user must act on (a start that cannot open). */
    static StoreException explained(String what, Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StoreException(what + ": " + root.getMessage(), cause);
    }
}
