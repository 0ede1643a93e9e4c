package io.voicegather.server.store;

/** A database failure, unchecked so that callers on hot paths are not forced into try/catch noise. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
