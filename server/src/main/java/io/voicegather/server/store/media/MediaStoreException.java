package io.voicegather.server.store.media;

/** A request the media store refuses; the REST layer maps each reason to a Telnyx-shaped error. */
public final class MediaStoreException extends RuntimeException {
    public enum Reason {
        /** media_name breaks the naming rules ({@link MediaNames}). */
        INVALID_NAME,
        /** Another live media already has this name. */
        DUPLICATE_NAME,
        /** No live media has this name. */
        NOT_FOUND,
        /** The bytes are neither WAV nor MP3. */
        UNSUPPORTED_CONTENT,
        /** The content is larger than the configured maximum. */
        TOO_LARGE,
        /** ttl_secs outside 1..maximum. */
        INVALID_TTL,
        /** media_url is not an absolute http or https URL. */
        INVALID_URL,
        /** media_url could not be fetched (unreachable, non-2xx, too slow, too large). */
        FETCH_FAILED
    }

    private final Reason reason;

    public MediaStoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
