package io.voicegather.server.store.media;

import io.voicegather.server.store.Database;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On both backends: the metadata lives in the database, the bytes in the data folder. */
@ParameterizedClass
@EnumSource(TestBackend.class)
class MediaStoreTest {
    @Parameter
    TestBackend backend;

    @TempDir
    Path dir;
    private final MediaTestClock clock = new MediaTestClock();
    private Database db;
    private MediaStore store;

    @BeforeEach
    void open() {
        db = backend.open(dir);
        store = new MediaStore(db, dir, clock, MediaStoreSettings.DEFAULT.withMaxMediaBytes(4096));
    }

    @AfterEach
    void close() {
        store.close();
        db.close();
    }

    /** The ids of the stored bytes: files in the media folder beside SQLite, media_content rows in PostgreSQL. */
    private List<String> mediaFiles() throws IOException {
        if (backend == TestBackend.POSTGRESQL) {
            return db.withConnection(c -> {
                List<String> ids = new java.util.ArrayList<>();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT file_id FROM media_content ORDER BY file_id")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            });
        }
        try (Stream<Path> s = Files.list(dir.resolve("media"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void storesReadsAndDeletes() throws IOException {
        byte[] wav = MediaSamples.wav(100);
        MediaRecord r = store.create("hello.wav", wav, null);
        assertThat(r.contentType()).isEqualTo("audio/wav");
        assertThat(r.expiresAt()).isEqualTo(clock.instant().plusSeconds(172_800));
        assertThat(store.read("hello.wav")).hasValueSatisfying(b -> assertThat(b).isEqualTo(wav));
        assertThat(mediaFiles()).singleElement().asString().matches("[0-9a-f]{32}");
        assertThat(store.delete("hello.wav")).isTrue();
        assertThat(store.read("hello.wav")).isEmpty();
        assertThat(store.delete("hello.wav")).isFalse();
        assertThat(mediaFiles()).isEmpty();
    }

    @Test
    void sniffsMp3AndRejectsOtherContent() {
        assertThat(store.create("a", MediaSamples.mp3(400), null).contentType()).isEqualTo("audio/mpeg");
        byte[] id3 = MediaSamples.mp3(400);
        System.arraycopy("ID3".getBytes(), 0, id3, 0, 3);
        id3[3] = 4;
        id3[4] = 0;
        assertThat(store.create("b", id3, null).contentType()).isEqualTo("audio/mpeg");
        assertThatThrownBy(() -> store.create("c", "<html>hi</html>".getBytes(), null))
                .isInstanceOf(MediaStoreException.class)
                .extracting(e -> ((MediaStoreException) e).reason())
                .isEqualTo(MediaStoreException.Reason.UNSUPPORTED_CONTENT);
        assertThatThrownBy(() -> store.create("d", new byte[0], null)).isInstanceOf(MediaStoreException.class);
    }

    @Test
    void duplicateNameIsRefusedAndLeavesNoFileBehind() throws IOException {
        store.create("dup", MediaSamples.wav(10), null);
        assertThatThrownBy(() -> store.create("dup", MediaSamples.wav(20), null))
                .extracting(e -> ((MediaStoreException) e).reason())
                .isEqualTo(MediaStoreException.Reason.DUPLICATE_NAME);
        assertThat(mediaFiles()).hasSize(1);
        assertThat(store.read("dup").orElseThrow()).hasSize(44 + 20);
    }

    /** Two nodes of a cluster create one name at once: the create that commits second is refused, not failed. */
    @Test
    void aCreateThatLosesARaceForItsNameIsADuplicate() throws Exception {
        assumeTrue(backend == TestBackend.POSTGRESQL, "only PostgreSQL runs two creates at once");
        DatabaseSettings settings = backend.settings(dir);
        try (Connection otherNode = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            otherNode.setAutoCommit(false);
            try (Statement s = otherNode.createStatement()) {
                s.executeUpdate("INSERT INTO media (media_name, file_id, content_type, size_bytes, sha256, created_at,"
                        + " updated_at, expires_at) VALUES ('race', 'f0', 'audio/wav', 1, 'x', 0, 0, "
                        + Long.MAX_VALUE + ")");
            }
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<MediaRecord> create = thread.submit(() -> store.create("race", MediaSamples.wav(10), null));
                // past its select (which saw no row), the insert waits for the other transaction's row lock
                await().atMost(Duration.ofSeconds(20)).until(() -> waitingOnALock(otherNode));
                otherNode.commit();
                assertThatThrownBy(() -> create.get(20, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(MediaStoreException.class)
                        .extracting(e -> ((MediaStoreException) e).reason())
                        .isEqualTo(MediaStoreException.Reason.DUPLICATE_NAME);
            } finally {
                thread.shutdownNow();
            }
        }
        assertThat(mediaFiles()).as("the loser's file is deleted").isEmpty();
    }

    private static boolean waitingOnALock(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                     + " AND datname = current_database()")) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", ".", "../x", "a/b", "a\\b", ".hidden", "-x", "a b", "é", "x\u0000"})
    void unsafeNamesAreRefused(String name) {
        assertThat(MediaNames.isValid(name)).isFalse();
        assertThatThrownBy(() -> store.create(name, MediaSamples.wav(10), null))
                .extracting(e -> ((MediaStoreException) e).reason())
                .isEqualTo(MediaStoreException.Reason.INVALID_NAME);
        assertThat(store.read(name)).isEmpty();
    }

    @Test
    void nameLengthLimit() {
        assertThat(MediaNames.isValid("a".repeat(128))).isTrue();
        assertThat(MediaNames.isValid("a".repeat(129))).isFalse();
        assertThat(MediaNames.isValid("Welcome_Prompt-2.mp3")).isTrue();
    }

    @Test
    void expiredMediaIsInvisibleAtOnceAndPurgedLater() throws IOException {
        store.create("short", MediaSamples.wav(10), 60L);
        store.create("long", MediaSamples.wav(10), 3600L);
        clock.advance(Duration.ofSeconds(59));
        assertThat(store.find("short")).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store.find("short")).isEmpty();
        assertThat(store.read("short")).isEmpty();
        assertThat(store.list(Set.of(), 0, 10).records()).extracting(MediaRecord::mediaName).containsExactly("long");
        assertThat(mediaFiles()).hasSize(2);
        assertThat(store.purgeExpired()).isEqualTo(1);
        assertThat(mediaFiles()).hasSize(1);
        // the name is free again
        assertThat(store.create("short", MediaSamples.wav(5), null).mediaName()).isEqualTo("short");
    }

    @Test
    void anExpiredNameCanBeReusedBeforeThePurge() throws IOException {
        store.create("n", MediaSamples.wav(10), 1L);
        clock.advance(Duration.ofSeconds(2));
        store.create("n", MediaSamples.wav(30), null);
        assertThat(store.read("n").orElseThrow()).hasSize(44 + 60);
        assertThat(mediaFiles()).hasSize(1);
    }

    @Test
    void updateReplacesContentAndMovesExpiry() throws IOException {
        MediaRecord first = store.create("u", MediaSamples.wav(10), 60L);
        clock.advance(Duration.ofSeconds(30));
        MediaRecord second = store.update("u", MediaSamples.mp3(100), 600L);
        assertThat(second.createdAt()).isEqualTo(first.createdAt());
        assertThat(second.updatedAt()).isEqualTo(clock.instant());
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plusSeconds(600));
        assertThat(second.contentType()).isEqualTo("audio/mpeg");
        assertThat(store.readWithType("u").orElseThrow().bytes()).isEqualTo(MediaSamples.mp3(100));
        assertThat(mediaFiles()).hasSize(1);
        MediaRecord third = store.update("u", null, null);
        assertThat(third.expiresAt()).isEqualTo(second.expiresAt());
        assertThatThrownBy(() -> store.update("nope", null, 5L))
                .extracting(e -> ((MediaStoreException) e).reason()).isEqualTo(MediaStoreException.Reason.NOT_FOUND);
    }

    @Test
    void limitsAreEnforced() {
        assertThatThrownBy(() -> store.create("big", MediaSamples.wav(3000), null))
                .extracting(e -> ((MediaStoreException) e).reason()).isEqualTo(MediaStoreException.Reason.TOO_LARGE);
        assertThatThrownBy(() -> store.create("t0", MediaSamples.wav(1), 0L))
                .extracting(e -> ((MediaStoreException) e).reason()).isEqualTo(MediaStoreException.Reason.INVALID_TTL);
        assertThatThrownBy(() -> store.create("t1", MediaSamples.wav(1), 630_720_001L))
                .extracting(e -> ((MediaStoreException) e).reason()).isEqualTo(MediaStoreException.Reason.INVALID_TTL);
        assertThat(store.create("t2", MediaSamples.wav(1), 630_720_000L)).isNotNull();
    }

    @Test
    void listFiltersByContentTypeAndPages() {
        store.create("w1", MediaSamples.wav(1), null);
        clock.advance(Duration.ofMillis(1));
        store.create("m1", MediaSamples.mp3(10), null);
        clock.advance(Duration.ofMillis(1));
        store.create("w2", MediaSamples.wav(2), null);
        assertThat(store.list(Set.of("audio/wav"), 0, 10).records()).extracting(MediaRecord::mediaName)
                .containsExactly("w1", "w2");
        MediaStore.Page p = store.list(Set.of(), 1, 1);
        assertThat(p.totalResults()).isEqualTo(3);
        assertThat(p.records()).extracting(MediaRecord::mediaName).containsExactly("m1");
    }

    @Test
    void reopeningKeepsMediaAndSweepsUnrecordedFiles() throws IOException {
        assumeTrue(backend == TestBackend.SQLITE, "files: SQLite's media folder");
        byte[] wav = MediaSamples.wav(200);
        store.create("keep", wav, null);
        Files.write(dir.resolve("media").resolve("0123456789abcdef0123456789abcdef.part"), new byte[]{1});
        Files.write(dir.resolve("media").resolve("fedcba9876543210fedcba9876543210"), new byte[]{1});
        store.close();
        db.close();
        db = backend.open(dir);
        store = new MediaStore(db, dir, clock, MediaStoreSettings.DEFAULT);
        assertThat(store.read("keep")).hasValueSatisfying(b -> assertThat(b).isEqualTo(wav));
        assertThat(mediaFiles()).hasSize(1);
    }

    /** Another node may be between writing content and recording it: only content an hour old is a leftover. */
    @Test
    void reopeningSweepsUnrecordedContentOnceItIsOld() throws IOException {
        assumeTrue(backend == TestBackend.POSTGRESQL, "rows: PostgreSQL's media_content");
        byte[] wav = MediaSamples.wav(200);
        store.create("keep", wav, null);
        long now = clock.millis();
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO media_content (file_id, bytes, created_at) VALUES"
                        + " ('0123456789abcdef0123456789abcdef', '\\x01', " + (now - Duration.ofMinutes(61).toMillis()) + "),"
                        + " ('fedcba9876543210fedcba9876543210', '\\x01', " + (now - Duration.ofMinutes(59).toMillis()) + ")");
            }
            return null;
        });
        store.close();
        db.close();
        db = backend.open(dir);
        store = new MediaStore(db, dir, clock, MediaStoreSettings.DEFAULT);
        assertThat(store.read("keep")).hasValueSatisfying(b -> assertThat(b).isEqualTo(wav));
        assertThat(mediaFiles()).hasSize(2).contains("fedcba9876543210fedcba9876543210")
                .doesNotContain("0123456789abcdef0123456789abcdef");
        assertThat(Files.exists(dir.resolve("media"))).as("no folder: the bytes are in the database").isFalse();
    }
}
