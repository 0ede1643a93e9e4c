package io.voicegather.server.store.media;

import java.util.Optional;
import java.util.Set;

/**
 * Where stored media's bytes live, each under a random id this store makes (never a client's name): files in the
 * data folder beside SQLite ({@link MediaFiles}), or rows in PostgreSQL where every node of a cluster reads them
 * ({@link MediaBlobs}). Bytes are written before the metadata row that points at them, and deleted after it.
 */
interface MediaContent {
    /** Writes the bytes durably and returns their new id. */
    String write(byte[] bytes);

    /** The bytes, or empty when they are gone (deleted or purged meanwhile). */
    Optional<byte[]> read(String id);

    void delete(String id);

    /** Deletes content not in {@code keep}: leftovers of a crash between writing content and recording it. */
    int deleteAllExcept(Set<String> keep);
}
