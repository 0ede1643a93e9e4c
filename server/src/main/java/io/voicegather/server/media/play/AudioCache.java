package io.voicegather.server.media.play;

import io.voicegather.server.media.DiskCacheFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decoded prompts by URL: in memory with a least-recently-used bound on total bytes, and as raw 8 kHz 16-bit
 * little-endian files named by the URL's SHA-256 under a folder, so a restart does not fetch again. The folder has
 * its own byte budget (least recently used deleted first, see {@link DiskCacheFolder}). A disk copy that cannot be
 * read is a miss. Thread-safe; disk access is done by the caller's thread (the fetch executor).
 */
final class AudioCache {

    private final long maxMemoryBytes;
    private final DiskCacheFolder disk;
    private final LinkedHashMap<String, PcmAudio> memory = new LinkedHashMap<>(16, 0.75f, true);
    private long memoryBytes;

    /**
     * @param maxMemoryBytes bound on decoded audio in memory
     * @param dir            folder for the disk copies, or null for memory only
     * @param maxDiskBytes   bound on the folder's cache files; 0 keeps nothing on disk
     */
    AudioCache(long maxMemoryBytes, Path dir, long maxDiskBytes) {
        this.maxMemoryBytes = maxMemoryBytes;
        this.disk = dir == null ? null : new DiskCacheFolder(dir, ".pcm", maxDiskBytes);
    }

    synchronized PcmAudio getFromMemory(String url) {
        return memory.get(url);
    }

    /** Memory first, then disk (promoting a disk hit into memory). */
    PcmAudio get(String url) {
        PcmAudio hit = getFromMemory(url);
        if (hit != null || disk == null) {
            return hit;
        }
        String key = keyFor(url);
        short[] samples = disk.readPcm(key, "cached prompt");
        if (samples == null) {
            return null;
        }
        PcmAudio audio = PcmAudio.wrap(samples);
        putInMemory(url, audio);
        return audio;
    }

    void put(String url, PcmAudio audio) {
        putInMemory(url, audio);
        if (disk == null || audio.byteSize() > disk.maxBytes()) {
            return;
        }
        disk.writePcm(keyFor(url), audio.toArray());
    }

    synchronized long memoryBytes() {
        return memoryBytes;
    }

    /** Bytes of cached prompts in the folder now (0 without a folder). */
    long diskBytes() {
        return disk == null ? 0 : disk.bytes();
    }

    private synchronized void putInMemory(String url, PcmAudio audio) {
        if (audio.byteSize() > maxMemoryBytes) {
            return;
        }
        PcmAudio old = memory.put(url, audio);
        memoryBytes += audio.byteSize() - (old == null ? 0 : old.byteSize());
        Iterator<Map.Entry<String, PcmAudio>> eldest = memory.entrySet().iterator();
        while (memoryBytes > maxMemoryBytes && eldest.hasNext()) {
            memoryBytes -= eldest.next().getValue().byteSize();
            eldest.remove();
        }
    }

    /** The disk file of {@code url} (null without a folder). */
    Path fileFor(String url) {
        return disk == null ? null : disk.fileFor(keyFor(url));
    }

    private static String keyFor(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
