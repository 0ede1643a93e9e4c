package io.voicegather.server.store.media;

/** The content of a stored media file with its sniffed content type; the array is the caller's own copy. */
public record StoredMedia(String contentType, byte[] bytes) {
}
