package io.voicegather.server.store.media;

import io.voicegather.server.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Media bytes in PostgreSQL's {@code media_content} table (migration V9), so that every node of a cluster plays
 * what any node stored. Each write is its own committed statement, like a synced file.
 */
final class MediaBlobs implements MediaContent {
    /**
     * Unrecorded content younger than this is left alone by the start-up sweep: another node may have written it
     * a moment ago and be about to record it.
     */
    static final Duration SWEEP_GRACE = Duration.ofHours(1);

    private final Database database;
    private final Clock clock;

    MediaBlobs(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public String write(byte[] bytes) {
        String id = UUID.randomUUID().toString().replace("-", "");
        database.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO media_content (file_id, bytes, created_at) VALUES (?, ?, ?)")) {
                s.setString(1, id);
                s.setBytes(2, bytes);
                s.setLong(3, clock.millis());
                return s.executeUpdate();
            }
        });
        return id;
    }

    @Override
    public Optional<byte[]> read(String id) {
        return database.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT bytes FROM media_content WHERE file_id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        });
    }

    @Override
    public void delete(String id) {
        database.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM media_content WHERE file_id = ?")) {
                s.setString(1, id);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public int deleteAllExcept(Set<String> keep) {
        List<String> old = database.withConnection(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT file_id FROM media_content WHERE created_at < ?")) {
                s.setLong(1, clock.millis() - SWEEP_GRACE.toMillis());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        int deleted = 0;
        for (String id : old) {
            if (!keep.contains(id)) {
                delete(id);
                deleted++;
            }
        }
        return deleted;
    }
}
