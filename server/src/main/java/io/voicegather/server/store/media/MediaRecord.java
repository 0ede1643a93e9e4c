package io.voicegather.server.store.media;

import java.time.Instant;

/**
 * The metadata of one stored media file, as the API shows it.
 *
 * @param mediaName   the user's unique name
 * @param contentType audio/wav or audio/mpeg, sniffed from the bytes
 * @param sizeBytes   length of the content
 * @param createdAt   first upload
 * @param updatedAt   last upload or TTL change
 * @param expiresAt   from then on the media is invisible and is purged
 */
public record MediaRecord(String mediaName, String contentType, long sizeBytes, Instant createdAt,
                          Instant updatedAt, Instant expiresAt) {
}
