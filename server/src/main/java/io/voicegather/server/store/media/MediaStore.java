package io.voicegather.server.store.media;

import io.voicegather.server.store.Database;
import io.voicegather.server.store.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.store.media.MediaStoreException.Reason.DUPLICATE_NAME;
import static io.voicegather.server.store.media.MediaStoreException.Reason.INVALID_TTL;
import static io.voicegather.server.store.media.MediaStoreException.Reason.NOT_FOUND;
import static io.voicegather.server.store.media.MediaStoreException.Reason.TOO_LARGE;
import static io.voicegather.server.store.media.MediaStoreException.Reason.UNSUPPORTED_CONTENT;

/**
 * Stored media for {@code media_name} (Telnyx's Media Storage API): bytes under a random id ({@link MediaContent}:
 * files in {@code <dataDir>/media/} with SQLite, the {@code media_content} table with PostgreSQL), metadata in the
 * {@code media} table. Media whose {@code expires_at} has passed are invisible at once and deleted by
 * {@link #purgeExpired()} (run periodically after {@link #startPurging()}).
 * <p>
 * Thread-safe: metadata changes are single transactions; a content change writes new content before the row points
 * at it and deletes the old content after the commit, so a concurrent {@link #read} sees the old or the new bytes,
 * never torn ones. Every method may block on disk or the database; none belongs on a media-clock thread.
 */
public final class MediaStore implements AutoCloseable {
    public static final String FOLDER = "media";
    private static final Logger LOG = LoggerFactory.getLogger(MediaStore.class);
    private static final String COLUMNS =
            "media_name, file_id, content_type, size_bytes, created_at, updated_at, expires_at";

    private final Database database;
    private final MediaContent files;
    private final Clock clock;
    private final MediaStoreSettings settings;
    private ScheduledExecutorService purger;

    /**
     * Opens the store on an open database (migrated, so the media table exists) and removes content leftovers of
     * a crash. The bytes go to {@code <dataDir>/media} beside SQLite, and into PostgreSQL beside PostgreSQL.
     */
    public MediaStore(Database database, Path dataDir, Clock clock, MediaStoreSettings settings) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
        this.settings = Objects.requireNonNull(settings);
        this.files = database.dialect() == Dialect.POSTGRESQL ? new MediaBlobs(database, clock)
                : new MediaFiles(dataDir.resolve(FOLDER));
        int swept = files.deleteAllExcept(allFileIds());
        if (swept > 0) {
            LOG.info("removed {} unrecorded media file(s)", swept);
        }
    }

    public MediaStore(Database database, Path dataDir) {
        this(database, dataDir, Clock.systemUTC(), MediaStoreSettings.DEFAULT);
    }

    public MediaStoreSettings settings() {
        return settings;
    }

    /**
     * Stores new media.
     *
     * @param mediaName the name, or null for a random UUID
     * @param content   the file; must be WAV or MP3
     * @param ttlSecs   lifetime in seconds, or null for the default
     * @throws MediaStoreException INVALID_NAME, DUPLICATE_NAME, UNSUPPORTED_CONTENT, TOO_LARGE, INVALID_TTL
     */
    public MediaRecord create(String mediaName, byte[] content, Long ttlSecs) {
        String name = mediaName == null ? UUID.randomUUID().toString() : MediaNames.require(mediaName);
        long ttl = checkTtl(ttlSecs == null ? settings.defaultTtlSecs() : ttlSecs);
        String contentType = checkContent(content);
        String fileId = files.write(content);
        String sha256 = sha256(content); // before the transaction: hashing 20 MB must not hold the write lock
        List<String> orphaned = new ArrayList<>();
        try {
            MediaRecord record = database.inTransaction(c -> {
                long now = clock.millis();
                Optional<Row> existing = select(c, name);
                if (existing.isPresent()) {
                    if (existing.get().expiresAt() > now) {
                        return null;
                    }
                    delete(c, name); // an expired leftover the purge has not reached yet
                    orphaned.add(existing.get().fileId());
                }
                // A create of the same name on another node of a cluster may commit between the select and this
                // insert: it then inserts nothing, and this create is refused as a duplicate like any other.
                try (PreparedStatement s = c.prepareStatement("INSERT INTO media (" + COLUMNS
                        + ", sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (media_name) DO NOTHING")) {
                    s.setString(1, name);
                    s.setString(2, fileId);
                    s.setString(3, contentType);
                    s.setLong(4, content.length);
                    s.setLong(5, now);
                    s.setLong(6, now);
                    s.setLong(7, expiry(now, ttl));
                    s.setString(8, sha256);
                    if (s.executeUpdate() == 0) {
                        return null;
                    }
                }
                return new Row(name, fileId, contentType, content.length, now, now, expiry(now, ttl)).record();
            });
            if (record == null) {
                orphaned.add(fileId);
                throw new MediaStoreException(DUPLICATE_NAME, "A media named '" + name + "' already exists.");
            }
            return record;
        } catch (RuntimeException e) {
            if (!orphaned.contains(fileId)) {
                orphaned.add(fileId);
            }
            throw e;
        } finally {
            orphaned.forEach(files::delete);
        }
    }

    /**
     * Changes live media: new content and/or a new lifetime counted from now. With neither, only updated_at moves.
     *
     * @throws MediaStoreException NOT_FOUND, UNSUPPORTED_CONTENT, TOO_LARGE, INVALID_TTL, INVALID_NAME
     */
    public MediaRecord update(String mediaName, byte[] contentOrNull, Long ttlSecsOrNull) {
        String name = MediaNames.require(mediaName);
        Long ttl = ttlSecsOrNull == null ? null : checkTtl(ttlSecsOrNull);
        String contentType = contentOrNull == null ? null : checkContent(contentOrNull);
        String newFileId = contentOrNull == null ? null : files.write(contentOrNull);
        String newSha256 = contentOrNull == null ? null : sha256(contentOrNull); // outside the write lock
        String[] toDelete = {newFileId}; // until the row points at it; then the replaced file instead
        try {
            Replaced replaced = database.inTransaction(c -> {
                long now = clock.millis();
                Optional<Row> found = select(c, name).filter(r -> r.expiresAt() > now);
                if (found.isEmpty()) {
                    return null;
                }
                Row old = found.get();
                Row updated = new Row(name, newFileId == null ? old.fileId() : newFileId,
                        contentType == null ? old.contentType() : contentType,
                        contentOrNull == null ? old.sizeBytes() : contentOrNull.length,
                        old.createdAt(), Math.max(now, old.updatedAt()),
                        ttl == null ? old.expiresAt() : expiry(now, ttl));
                try (PreparedStatement s = c.prepareStatement("UPDATE media SET file_id = ?, content_type = ?, "
                        + "size_bytes = ?, updated_at = ?, expires_at = ?, sha256 = COALESCE(?, sha256) "
                        + "WHERE media_name = ?")) {
                    s.setString(1, updated.fileId());
                    s.setString(2, updated.contentType());
                    s.setLong(3, updated.sizeBytes());
                    s.setLong(4, updated.updatedAt());
                    s.setLong(5, updated.expiresAt());
                    s.setString(6, newSha256);
                    s.setString(7, name);
                    s.executeUpdate();
                }
                return new Replaced(updated.record(), old.fileId());
            });
            if (replaced == null) {
                throw notFound(name);
            }
            toDelete[0] = newFileId == null ? null : replaced.oldFileId();
            return replaced.record();
        } finally {
            if (toDelete[0] != null) {
                files.delete(toDelete[0]);
            }
        }
    }

    /** The metadata of live media. */
    public Optional<MediaRecord> find(String mediaName) {
        if (!MediaNames.isValid(mediaName)) {
            return Optional.empty();
        }
        return liveRow(mediaName).map(Row::record);
    }

    /**
     * One page of live media, oldest first.
     *
     * @param contentTypes only these content types; empty for all
     * @param offset       rows to skip
     * @param limit        at most this many rows
     */
    public Page list(Set<String> contentTypes, long offset, int limit) {
        return database.withConnection(c -> {
            long now = clock.millis();
            String where = " WHERE expires_at > ?" + (contentTypes.isEmpty() ? ""
                    : " AND content_type IN (" + "?,".repeat(contentTypes.size() - 1) + "?)");
            List<String> types = List.copyOf(contentTypes);
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM media" + where)) {
                bind(s, now, types);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<MediaRecord> records = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM media" + where
                    + " ORDER BY created_at, media_name LIMIT ? OFFSET ?")) {
                int i = bind(s, now, types);
                s.setInt(i, limit);
                s.setLong(i + 1, offset);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        records.add(row(rs).record());
                    }
                }
            }
            return new Page(records, total);
        });
    }

    /** A page of {@link #list} and the number of matching media over all pages. */
    public record Page(List<MediaRecord> records, long totalResults) {
    }

    /** Deletes live media; false when there was none of that name. */
    public boolean delete(String mediaName) {
        if (!MediaNames.isValid(mediaName)) {
            return false;
        }
        Optional<Row> gone = database.inTransaction(c -> {
            Optional<Row> r = select(c, mediaName);
            if (r.isPresent()) {
                delete(c, mediaName);
            }
            return r;
        });
        gone.ifPresent(r -> files.delete(r.fileId()));
        return gone.filter(r -> r.expiresAt() > clock.millis()).isPresent();
    }

    /** The bytes of live media, for playing it. */
    public Optional<byte[]> read(String mediaName) {
        return readWithType(mediaName).map(StoredMedia::bytes);
    }

    /** The bytes and content type of live media. */
    public Optional<StoredMedia> readWithType(String mediaName) {
        if (!MediaNames.isValid(mediaName)) {
            return Optional.empty();
        }
        return liveRow(mediaName).flatMap(r -> files.read(r.fileId()).map(b -> new StoredMedia(r.contentType(), b)));
    }

    /** Deletes every expired media, rows and files; returns how many. */
    public int purgeExpired() {
        List<String> fileIds = database.inTransaction(c -> {
            long now = clock.millis();
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT file_id FROM media WHERE expires_at <= ?")) {
                s.setLong(1, now);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM media WHERE expires_at <= ?")) {
                s.setLong(1, now);
                s.executeUpdate();
            }
            return ids;
        });
        fileIds.forEach(files::delete);
        return fileIds.size();
    }

    /** Runs {@link #purgeExpired()} every purge interval on a daemon thread until {@link #close()}. */
    public synchronized void startPurging() {
        if (purger != null) {
            return;
        }
        purger = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-purge");
            t.setDaemon(true);
            return t;
        });
        long every = settings.purgeInterval().toMillis();
        purger.scheduleWithFixedDelay(() -> {
            try {
                int n = purgeExpired();
                if (n > 0) {
                    LOG.debug("purged {} expired media", n);
                }
            } catch (RuntimeException e) {
                LOG.warn("media purge failed: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** Stops the purge thread; the database stays open (it is not ours). */
    @Override
    public synchronized void close() {
        if (purger != null) {
            purger.shutdownNow();
            purger = null;
        }
    }

    private long checkTtl(long ttl) {
        if (ttl < 1 || ttl > settings.maxTtlSecs()) {
            throw new MediaStoreException(INVALID_TTL,
                    "ttl_secs must be in the range 1 to " + settings.maxTtlSecs() + ".");
        }
        return ttl;
    }

    private String checkContent(byte[] content) {
        if (content.length > settings.maxMediaBytes()) {
            throw new MediaStoreException(TOO_LARGE, "The media must not exceed " + settings.maxMediaBytes()
                    + " bytes.");
        }
        return MediaContentTypes.sniff(content).orElseThrow(() -> new MediaStoreException(UNSUPPORTED_CONTENT,
                "The media must be a WAV or MP3 file; its content is neither."));
    }

    private static long expiry(long nowMillis, long ttlSecs) {
        return nowMillis + ttlSecs * 1000; // ttlSecs is at most 20 years: no overflow
    }

    private static MediaStoreException notFound(String name) {
        return new MediaStoreException(NOT_FOUND, "No media named '" + name + "' exists.");
    }

    private Optional<Row> liveRow(String name) {
        return database.withConnection(c -> select(c, name)).filter(r -> r.expiresAt() > clock.millis());
    }

    private Set<String> allFileIds() {
        return database.withConnection(c -> {
            Set<String> ids = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT file_id FROM media");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private static Optional<Row> select(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM media WHERE media_name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static void delete(Connection c, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM media WHERE media_name = ?")) {
            s.setString(1, name);
            s.executeUpdate();
        }
    }

    private static int bind(PreparedStatement s, long now, List<String> types) throws SQLException {
        s.setLong(1, now);
        int i = 2;
        for (String t : types) {
            s.setString(i++, t);
        }
        return i;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getLong(6), rs.getLong(7));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private record Replaced(MediaRecord record, String oldFileId) {
    }

    /** A media row; times in epoch millis. */
    private record Row(String mediaName, String fileId, String contentType, long sizeBytes, long createdAt,
                       long updatedAt, long expiresAt) {
        MediaRecord record() {
            return new MediaRecord(mediaName, contentType, sizeBytes, Instant.ofEpochMilli(createdAt),
                    Instant.ofEpochMilli(updatedAt), Instant.ofEpochMilli(expiresAt));
        }
    }
}
