package io.voicegather.server.media.tts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers rendered prompts so a menu spoken on every call is rendered once. Wraps an engine and is itself a
 * {@link TtsEngine}. The key is a SHA-256 of (engine id, requested voice string, language, rate, segments); the
 * PCM lives in memory (least recently used dropped past a byte budget) and, when a folder is given, on disk as raw
 * 16-bit little-endian 8 kHz files named {@code <hash>.pcm} that survive restarts. Concurrent requests for the same
 * prompt share one render; {@link #trimDisk} bounds the folder. Thread-safe. Returned arrays are shared: callers
 * must not modify them.
 */
public final class RenderCache implements TtsEngine {

    private static final Logger log = LoggerFactory.getLogger(RenderCache.class);

    private final TtsEngine engine;
    private final long maxMemoryBytes;
    private final Path folder;
    private final LinkedHashMap<String, short[]> memory = new LinkedHashMap<>(64, 0.75f, true);
    private long memoryBytes;
    private final ConcurrentHashMap<String, CompletableFuture<short[]>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong renders = new AtomicLong();

    /**
     * @param engine         the engine to render misses with
     * @param maxMemoryBytes memory budget in bytes (2 per sample); 0 keeps nothing in memory
     * @param folder         folder for the disk copy (created if missing), or null for memory only
     */
    public RenderCache(TtsEngine engine, long maxMemoryBytes, Path folder) {
        this.engine = engine;
        this.maxMemoryBytes = maxMemoryBytes;
        this.folder = folder;
        if (folder != null) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create TTS cache folder " + folder, e);
            }
        }
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
                touch(key);
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
     * Deletes disk copies, least recently used first (by modification time, refreshed on every disk hit), until
     * the folder holds at most {@code maxBytes} of {@code .pcm} files. Safe while renders run; call it from a
     * housekeeping timer.
     *
     * @return number of files deleted
     */
    public int trimDisk(long maxBytes) throws IOException {
        if (folder == null) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".pcm")).collect(Collectors.toList());
        }
        Map<Path, FileTime> modified = new HashMap<>();
        long total = 0;
        for (Path file : files) {
            try {
                modified.put(file, Files.getLastModifiedTime(file));
                total += Files.size(file);
            } catch (NoSuchFileException e) {
                modified.put(file, FileTime.fromMillis(0));
            }
        }
        files.sort(Comparator.comparing(modified::get));
        int deleted = 0;
        for (Path file : files) {
            if (total <= maxBytes) {
                break;
            }
            try {
                long size = Files.size(file);
                if (Files.deleteIfExists(file)) {
                    total -= size;
                    deleted++;
                }
            } catch (NoSuchFileException e) {
                // already gone
            }
        }
        return deleted;
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

    private short[] fromDisk(String key) {
        if (folder == null) {
            return null;
        }
        Path file = folder.resolve(key + ".pcm");
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            byte[] raw = Files.readAllBytes(file);
            if (raw.length % 2 != 0) {
                log.warn("ignoring damaged TTS cache file {}", file.getFileName());
                return null;
            }
            short[] pcm = new short[raw.length / 2];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
            return pcm;
        } catch (IOException e) {
            log.warn("cannot read TTS cache file {}: {}", file.getFileName(), e.toString());
            return null;
        }
    }

    private void touch(String key) {
        try {
            Files.setLastModifiedTime(folder.resolve(key + ".pcm"), FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // only affects which file trimDisk removes first
        }
    }

    /** Written to a temporary name and moved into place, so a reader never sees half a file. */
    private void toDisk(String key, short[] pcm) {
        if (folder == null) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(pcm);
        Path file = folder.resolve(key + ".pcm");
        try {
            Path temp = Files.createTempFile(folder, key, ".tmp");
            Files.write(temp, bytes.array());
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("cannot write TTS cache file {}: {}", file.getFileName(), e.toString());
        }
    }
}
