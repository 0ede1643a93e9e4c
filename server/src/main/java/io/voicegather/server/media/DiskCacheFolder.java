package io.voicegather.server.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of cache files ({@code <key><suffix>}) kept under a byte budget, least recently used deleted first.
 *
 * <p>Recency lives in memory: at start the folder is scanned once (oldest modification time = least recently used),
 * temporary files a crash left behind are deleted and the budget is enforced at once; after that every write and
 * every successful read moves its key to the young end. Reads also refresh the file's modification time, so the
 * order survives a restart. Files are written to a temporary name and moved into place, so a reader never sees half
 * a file.
 *
 * <p>Thread-safe. The lock guards the in-memory index together with every change to the cache files' names: moving
 * a written file into place and deleting an evicted or removed one happen under it, so the index always describes
 * what is on disk. Otherwise two writers of one key could index their sizes in the other order than their files
 * landed, or an eviction could delete the file a concurrent rewrite had just put in place while the index kept
 * counting it. Those are single metadata operations; writing the bytes (to a temporary file) and reading happen
 * outside the lock. A read that fails for any reason (file evicted meanwhile, deleted by hand, unreadable) is a
 * miss, never an error.
 * With a budget of 0 nothing is written, and files found at start are deleted.
 */
public final class DiskCacheFolder {
    private static final Logger log = LoggerFactory.getLogger(DiskCacheFolder.class);
    private static final String TEMP_SUFFIX = ".tmp";

    /** One indexed file. Compared by identity, so a stale entry is never mistaken for a newer write of its key. */
    private static final class Entry {
        final long bytes;

        Entry(long bytes) {
            this.bytes = bytes;
        }
    }

    private final Path folder;
    private final String suffix;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> index = new LinkedHashMap<>(64, 0.75f, true); // eldest first
    private long totalBytes;

    /**
     * Opens the folder (created when the budget is above 0), drops temporary leftovers and enforces the budget.
     *
     * @param folder   where the files live
     * @param suffix   file name ending of cache files, e.g. {@code .pcm}; other files are left alone
     * @param maxBytes budget for the cache files' total size; 0 keeps nothing on disk
     */
    public DiskCacheFolder(Path folder, String suffix, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("disk cache budget must not be negative: " + maxBytes);
        }
        if (suffix.isEmpty() || suffix.equals(TEMP_SUFFIX)) {
            throw new IllegalArgumentException("bad cache file suffix '" + suffix + "'");
        }
        this.folder = folder;
        this.suffix = suffix;
        this.maxBytes = maxBytes;
        try {
            if (maxBytes > 0) {
                Files.createDirectories(folder);
            }
            if (Files.isDirectory(folder)) {
                scan();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open cache folder " + folder, e);
        }
        synchronized (this) {
            delete(evictOver(maxBytes, null));
        }
    }

    /**
     * 16-bit little-endian samples, as {@link #writePcm} wrote them; null when not cached or unreadable. A file of odd
     * length is damaged: it is logged (as {@code what}), removed, and read as a miss.
     */
    public short[] readPcm(String key, String what) {
        byte[] bytes = read(key);
        if (bytes == null) {
            return null;
        }
        if (bytes.length % 2 != 0) {
            log.warn("ignoring damaged {} {}", what, fileFor(key).getFileName());
            remove(key);
            return null;
        }
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** Stores samples as 16-bit little-endian PCM. */
    public void writePcm(String key, short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        write(key, bytes.array());
    }

    /** The file's bytes, or null when the key is not cached or its file cannot be read. A hit becomes the youngest. */
    public byte[] read(String key) {
        Entry entry;
        synchronized (this) {
            entry = index.get(key); // access order: moves the key to the young end
        }
        if (entry == null) {
            return null;
        }
        Path file = fileFor(key);
        try {
            byte[] bytes = Files.readAllBytes(file);
            touch(file);
            return bytes;
        } catch (NoSuchFileException e) {
            forget(key, entry); // evicted by another thread, or deleted by hand
            return null;
        } catch (IOException e) {
            log.warn("cannot read cache file {}: {}", file, e.toString());
            forget(key, entry);
            return null;
        }
    }

    /**
     * Stores {@code bytes} under {@code key}, then deletes least recently used files until the folder fits the
     * budget. Does nothing when the bytes alone are over the budget (so also with a budget of 0). Failures are
     * logged: the cache is an optimisation.
     */
    public void write(String key, byte[] bytes) {
        if (maxBytes == 0 || bytes.length > maxBytes) {
            return;
        }
        Path file = fileFor(key);
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, key, TEMP_SUFFIX);
            Files.write(temp, bytes);
        } catch (IOException e) {
            log.warn("cannot write cache file {}: {}", file, e.toString());
            deleteQuietly(temp);
            return;
        }
        synchronized (this) {
            // The file lands and is indexed in one step: the last file in place is the one the index counts.
            try {
                moveIntoPlace(temp, file);
            } catch (IOException e) {
                log.warn("cannot write cache file {}: {}", file, e.toString());
                deleteQuietly(temp);
                return;
            }
            Entry previous = index.put(key, new Entry(bytes.length));
            totalBytes += bytes.length - (previous == null ? 0 : previous.bytes);
            delete(evictOver(maxBytes, key));
        }
    }

    private static void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forgets {@code key} and deletes its file, e.g. when its content turned out to be damaged. */
    public synchronized void remove(String key) {
        Entry entry = index.remove(key);
        if (entry == null) {
            return;
        }
        totalBytes -= entry.bytes;
        deleteQuietly(fileFor(key));
    }

    /**
     * Deletes least recently used files until at most {@code bytes} remain, without changing the budget.
     *
     * @return the number of files deleted
     */
    public synchronized int trim(long bytes) {
        List<String> victims = evictOver(bytes, null);
        delete(victims);
        return victims.size();
    }

    /** Total size of the indexed files now. */
    public synchronized long bytes() {
        return totalBytes;
    }

    /** Number of indexed files now. */
    public synchronized int files() {
        return index.size();
    }

    /** The budget in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The file that holds {@code key}. */
    public Path fileFor(String key) {
        return folder.resolve(key + suffix);
    }

    /** Reads the folder once, oldest modification first, so that the index starts in least-recently-used order. */
    private void scan() throws IOException {
        record Found(String key, long bytes, FileTime modified) {
        }
        List<Found> found = new ArrayList<>();
        List<Path> leftovers = new ArrayList<>();
        try (Stream<Path> listing = Files.list(folder)) {
            for (Iterator<Path> it = listing.iterator(); it.hasNext(); ) {
                Path file = it.next();
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    leftovers.add(file); // a write interrupted by a crash
                } else if (name.endsWith(suffix) && name.length() > suffix.length()) {
                    try {
                        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                        if (attributes.isRegularFile()) {
                            found.add(new Found(name.substring(0, name.length() - suffix.length()),
                                    attributes.size(), attributes.lastModifiedTime()));
                        }
                    } catch (NoSuchFileException gone) {
                        // deleted while listing
                    }
                }
            }
        }
        leftovers.forEach(DiskCacheFolder::deleteQuietly);
        found.sort(Comparator.comparing(Found::modified));
        synchronized (this) {
            for (Found f : found) {
                index.put(f.key(), new Entry(f.bytes()));
                totalBytes += f.bytes();
            }
        }
    }

    /** Removes eldest keys (never {@code keep}) from the index until the total is at most {@code limit}. */
    private synchronized List<String> evictOver(long limit, String keep) {
        List<String> victims = new ArrayList<>();
        Iterator<Map.Entry<String, Entry>> eldest = index.entrySet().iterator();
        while (totalBytes > limit && eldest.hasNext()) {
            Map.Entry<String, Entry> e = eldest.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            totalBytes -= e.getValue().bytes;
            eldest.remove();
            victims.add(e.getKey());
        }
        return victims;
    }

    /** Drops {@code key} from the index unless it has been written again since {@code seen} was read. */
    private synchronized void forget(String key, Entry seen) {
        if (index.remove(key, seen)) {
            totalBytes -= seen.bytes;
        }
    }

    /** Deletes the files of keys just dropped from the index; called under the lock, see the class comment. */
    private void delete(List<String> victims) {
        for (String key : victims) {
            deleteQuietly(fileFor(key));
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete cache file {}: {}", file, e.toString());
        }
    }

    /** Keeps the recency order across restarts; failing only makes the next start's order less exact. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // evicted meanwhile, or a read-only folder
        }
    }
}
