package io.voicegather.server.media.play;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded prompts by URL: in memory with a least-recently-used bound on total bytes, and as raw 8 kHz 16-bit
 * little-endian files named by the URL's SHA-256 under a folder, so a restart does not fetch again. Thread-safe;
 * disk access is done by the caller's thread (the fetch executor).
 */
final class AudioCache {
    private static final Logger log = LoggerFactory.getLogger(AudioCache.class);

    private final long maxMemoryBytes;
    private final Path dir;
    private final LinkedHashMap<String, PcmAudio> memory = new LinkedHashMap<>(16, 0.75f, true);
    private long memoryBytes;

    AudioCache(long maxMemoryBytes, Path dir) {
        this.maxMemoryBytes = maxMemoryBytes;
        this.dir = dir;
    }

    synchronized PcmAudio getFromMemory(String url) {
        return memory.get(url);
    }

    /** Memory first, then disk (promoting a disk hit into memory). */
    PcmAudio get(String url) {
        PcmAudio hit = getFromMemory(url);
        if (hit != null || dir == null) {
            return hit;
        }
        Path file = fileFor(url);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            short[] samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            PcmAudio audio = PcmAudio.wrap(samples);
            putInMemory(url, audio);
            return audio;
        } catch (IOException e) {
            log.warn("Unreadable cached prompt {}: {}", file, e.toString());
            return null;
        }
    }

    void put(String url, PcmAudio audio) {
        putInMemory(url, audio);
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            ByteBuffer buffer = ByteBuffer.allocate((int) audio.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < audio.length(); i++) {
                buffer.putShort(audio.sample(i));
            }
            Path target = fileFor(url);
            Path temp = Files.createTempFile(dir, "fetch", ".tmp");
            Files.write(temp, buffer.array());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("Could not cache prompt on disk: {}", e.toString());
        }
    }

    synchronized long memoryBytes() {
        return memoryBytes;
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

    Path fileFor(String url) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash) + ".pcm");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
