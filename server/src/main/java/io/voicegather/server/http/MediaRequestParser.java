package io.voicegather.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.error.ApiError;
import io.voicegather.api.error.ApiException;
import io.voicegather.server.store.media.MediaFetcher;
import io.voicegather.server.store.media.MediaNames;
import io.voicegather.server.store.media.MediaStoreException;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a POST or PUT /v2/media body (JSON or multipart/form-data) into a {@link MediaUpload}, collecting every
 * field error into one 422 before anything is fetched or stored.
 */
final class MediaRequestParser {
    /**
     * What a request asks to store. Exactly one of content and url is set for an upload; both may be null for
     * an update that changes only the TTL.
     */
    record MediaUpload(String mediaName, byte[] content, URI url, Long ttlSecs) {
    }

    private MediaRequestParser() {
    }

    /** The media type of a Content-Type header, lower case, without parameters; "" when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * @param creating true for POST (media or media_url required), false for PUT (all optional, media_name ignored)
     */
    static MediaUpload parse(String contentType, byte[] body, boolean creating, long maxTtlSecs) {
        String type = mediaType(contentType);
        if (type.equals("multipart/form-data")) {
            return multipart(MediaMultipart.parse(body, MediaMultipart.boundary(contentType)), creating, maxTtlSecs);
        }
        if (type.isEmpty() || type.equals("application/json")) {
            return json(RequestBodies.parseObject(body), creating, maxTtlSecs);
        }
        throw new ApiException(MediaErrors.unsupportedRequestType(type));
    }

    private static MediaUpload json(ObjectNode body, boolean creating, long maxTtlSecs) {
        BodyFields f = new BodyFields(body);
        String url = f.string("media_url");
        String name = creating ? name(f, f.string("media_name")) : null;
        Long ttl = f.present("ttl_secs") == null ? null : f.integer("ttl_secs", 1, maxTtlSecs, 0);
        URI uri = null;
        if (url != null) {
            uri = url(f, url);
        } else if (creating && !f.hasErrorFor("media_url")) {
            f.reject(ApiError.missingParameter("media_url"));
        }
        f.throwIfInvalid();
        return new MediaUpload(name, null, uri, ttl);
    }

    private static MediaUpload multipart(Map<String, MediaMultipart.Part> parts, boolean creating, long maxTtlSecs) {
        BodyFields f = new BodyFields(io.voicegather.api.json.Json.object());
        MediaMultipart.Part media = parts.get("media");
        MediaMultipart.Part nameField = parts.get("media_name");
        MediaMultipart.Part ttlField = parts.get("ttl_secs");
        String name = creating && nameField != null ? name(f, nameField.text().strip()) : null;
        Long ttl = ttlField == null ? null : ttl(f, ttlField.text().strip(), maxTtlSecs);
        if (media == null && creating) {
            f.reject(ApiError.missingParameter("media"));
        }
        f.throwIfInvalid();
        return new MediaUpload(name, media == null ? null : media.data(), null, ttl);
    }

    private static String name(BodyFields f, String name) {
        if (name != null && !MediaNames.isValid(name)) {
            f.reject(MediaErrors.invalidName("media_name must be 1 to " + MediaNames.MAX_LENGTH
                    + " characters from A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit."));
            return null;
        }
        return name;
    }

    private static URI url(BodyFields f, String url) {
        try {
            return MediaFetcher.parse(url);
        } catch (MediaStoreException e) {
            f.reject(MediaErrors.from(e));
            return null;
        }
    }

    private static Long ttl(BodyFields f, String text, long maxTtlSecs) {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            f.reject(ApiError.invalidValue("ttl_secs", "The value of 'ttl_secs' must be an integer."));
            return null;
        }
        if (v < 1 || v > maxTtlSecs) {
            f.reject(ApiError.outOfRange("ttl_secs", 1, maxTtlSecs));
            return null;
        }
        return v;
    }
}
