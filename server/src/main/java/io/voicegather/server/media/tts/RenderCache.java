package io.voicegather.server.media.tts;

import io.voicegather.server.media.DiskCacheFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers rendered prompts so a menu spoken on every call is rendered once. Wraps an engine and is itself a
 * {@link TtsEngine}. The key is a SHA-256 of (engine id, requested voice string, language, rate, segments); the
 * PCM lives in memory (least recently used dropped past a byte budget) and, when a folder is given, on disk as raw
 * 16-bit little-endian 8 kHz files named {@code <hash>.pcm} that survive restarts, within a disk budget (least
 * recently used deleted first, see {@link DiskCacheFolder}). Concurrent requests for the same prompt share one
 * render. A disk copy that cannot be read is rendered again. Thread-safe. Returned arrays are shared: callers must
 * not modify them.
 */
public final class RenderCache implements TtsEngine {


    /** Disk budget when none is given: 512 MiB. */
    public static final long DEFAULT_MAX_DISK_BYTES = 512L << 20;

    private final TtsEngine engine;
    private final long maxMemoryBytes;
    private final DiskCacheFolder disk;
    private final LinkedHashMap<String, short[]> memory = new LinkedHashMap<>(64, 0.75f, true);
    private long memoryBytes;
    private final ConcurrentHashMap<String, CompletableFuture<short[]>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong renders = new AtomicLong();

    /** As {@link #RenderCache(TtsEngine, long, Path, long)} with a disk budget of {@link #DEFAULT_MAX_DISK_BYTES}. */
    public RenderCache(TtsEngine engine, long maxMemoryBytes, Path folder) {
        this(engine, maxMemoryBytes, folder, DEFAULT_MAX_DISK_BYTES);
    }

    /**
     * Scans {@code folder} once (see {@link DiskCacheFolder}): leftovers of interrupted writes are deleted and files
     * over {@code maxDiskBytes} are deleted at once, least recently used first.
     *
     * @param engine         the engine to render misses with
     * @param maxMemoryBytes memory budget in bytes (2 per sample); 0 keeps nothing in memory
     * @param folder         folder for the disk copy (created if missing and the disk budget is above 0), or null for
     *                       memory only
     * @param maxDiskBytes   budget for the folder's {@code .pcm} files; 0 keeps nothing on disk
     */
    public RenderCache(TtsEngine engine, long maxMemoryBytes, Path folder, long maxDiskBytes) {
        this.engine = engine;
        this.maxMemoryBytes = maxMemoryBytes;
        this.disk = folder == null ? null : new DiskCacheFolder(folder, ".pcm", maxDiskBytes);
    }

    @Override
    public String id() {
        return engine.id();
    }

    @Override
    public short[] render(TtsRequest request) throws TtsException {
        String key = key(request);
        short[] cached = fromMemory(key);
        if (cached != null) {
            memoryHits.incrementAndGet();
            return cached;
        }
        CompletableFuture<short[]> mine = new CompletableFuture<>();
        CompletableFuture<short[]> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            short[] pcm = fromMemory(key); // another render may have finished between the first look and now
            if (pcm != null) {
                memoryHits.incrementAndGet();
                mine.complete(pcm);
                return pcm;
            }
            pcm = fromDisk(key);
            if (pcm != null) {
                diskHits.incrementAndGet();
            } else {
                renders.incrementAndGet();
                pcm = engine.render(request);
                toDisk(key, pcm);
            }
            toMemory(key, pcm);
            mine.complete(pcm);
            return pcm;
        } catch (TtsException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /**
     * Deletes disk copies, least recently used first, until the folder holds at most {@code maxBytes} of them. The
     * budget given at construction is enforced on every write anyway; this trims further, e.g. to free space now.
     *
     * @return number of files deleted
     */
    public int trimDisk(long maxBytes) {
        return disk == null ? 0 : disk.trim(maxBytes);
    }

    /** Bytes of PCM in the disk folder now (0 without a folder). */
    public long diskBytes() {
        return disk == null ? 0 : disk.bytes();
    }

    /** Prompts served from memory so far. */
    public long memoryHits() {
        return memoryHits.get();
    }

    /** Prompts read back from the disk folder so far. */
    public long diskHits() {
        return diskHits.get();
    }

    /** Prompts the wrapped engine had to render so far. */
    public long renders() {
        return renders.get();
    }

    /** Bytes of PCM held in memory now. */
    public synchronized long memoryBytes() {
        return memoryBytes;
    }

    /** The cache key (hex SHA-256), also the disk file's name without {@code .pcm}. */
    public String key(TtsRequest request) {
        String material = engine.id() + '\n' + request.voice().requested() + '\n' + request.language() + '\n'
                + request.clampedRate() + '\n' + request.segmentsKey();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static short[] await(CompletableFuture<short[]> running) throws TtsException {
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TtsException(TtsException.Reason.ENGINE, "interrupted waiting for a shared render", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TtsException tts) {
                throw new TtsException(tts.reason(), tts.getMessage(), tts.httpStatus(), tts);
            }
            throw new TtsException(TtsException.Reason.ENGINE, "shared render failed: " + e.getCause(), e);
        }
    }

    private synchronized short[] fromMemory(String key) {
        return memory.get(key);
    }

    private synchronized void toMemory(String key, short[] pcm) {
        long bytes = 2L * pcm.length;
        if (bytes > maxMemoryBytes) {
            return;
        }
        short[] previous = memory.put(key, pcm);
        if (previous != null) {
            memoryBytes -= 2L * previous.length;
        }
        memoryBytes += bytes;
        Iterator<Map.Entry<String, short[]>> eldest = memory.entrySet().iterator();
        while (memoryBytes > maxMemoryBytes && eldest.hasNext()) {
            Map.Entry<String, short[]> entry = eldest.next();
            memoryBytes -= 2L * entry.getValue().length;
            eldest.remove();
        }
    }

    /** The disk copy, or null when there is none or it cannot be used (then it is rendered again). */
    private short[] fromDisk(String key) {
        if (disk == null) {
            return null;
        }
        return disk.readPcm(key, "TTS cache file");
    }

    private void toDisk(String key, short[] pcm) {
        if (disk == null) {
            return;
        }
        disk.writePcm(key, pcm);
    }
}
