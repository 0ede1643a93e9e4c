package io.voicegather.server.media.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioCacheTest {

    @TempDir
    Path dir;

    /** 1000 samples (2000 bytes on disk) of a value unique to {@code n}. */
    private static PcmAudio clip(int n) {
        short[] samples = new short[1000];
        java.util.Arrays.fill(samples, (short) (n * 100));
        return PcmAudio.of(samples);
    }

    private static String url(int n) {
        return "https://example.test/prompt-" + n + ".wav";
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.sorted().toList();
        }
    }

    @Test
    void theFolderStaysWithinItsBudgetLeastRecentlyUsedOutFirst() throws Exception {
        AudioCache cache = new AudioCache(0, dir, 5000); // room for two clips; nothing in memory
        cache.put(url(1), clip(1));
        cache.put(url(2), clip(2));
        assertThat(cache.get(url(1))).isEqualTo(clip(1)); // 1 is now the most recently used

        cache.put(url(3), clip(3));

        assertThat(cache.get(url(2))).isNull();
        assertThat(cache.get(url(1))).isEqualTo(clip(1));
        assertThat(cache.get(url(3))).isEqualTo(clip(3));
        assertThat(files()).containsExactlyInAnyOrder(cache.fileFor(url(1)), cache.fileFor(url(3)));
        assertThat(cache.diskBytes()).isEqualTo(4000);
    }

    @Test
    void aRestartEnforcesASmallerBudgetOldestFilesFirst() throws Exception {
        AudioCache before = new AudioCache(0, dir, 1 << 20);
        for (int n = 1; n <= 3; n++) {
            before.put(url(n), clip(n));
            Files.setLastModifiedTime(before.fileFor(url(n)), FileTime.fromMillis(n * 1_000_000L));
        }
        Files.write(dir.resolve("fetch123.tmp"), new byte[10]); // left by a crash mid-write

        AudioCache after = new AudioCache(0, dir, 2000);

        assertThat(files()).containsExactly(after.fileFor(url(3)));
        assertThat(after.get(url(3))).isEqualTo(clip(3));
        assertThat(after.get(url(1))).isNull();
    }

    @Test
    void aZeroDiskBudgetKeepsPromptsInMemoryOnly() {
        Path folder = dir.resolve("audio-cache");
        AudioCache cache = new AudioCache(1 << 20, folder, 0);
        cache.put(url(1), clip(1));
        assertThat(cache.get(url(1))).isEqualTo(clip(1));
        assertThat(folder).doesNotExist();
    }

    @Test
    void aDeletedOrDamagedFileIsAMiss() throws Exception {
        AudioCache cache = new AudioCache(0, dir, 1 << 20);
        cache.put(url(1), clip(1));
        cache.put(url(2), clip(2));
        Files.delete(cache.fileFor(url(1)));
        Files.write(cache.fileFor(url(2)), new byte[] {1, 2, 3});

        assertThat(cache.get(url(1))).isNull();
        assertThat(cache.get(url(2))).isNull();
        assertThat(cache.diskBytes()).isZero();
        assertThat(files()).isEmpty(); // the damaged file is deleted, so a new fetch can take its place
        cache.put(url(2), clip(2));
        assertThat(cache.get(url(2))).isEqualTo(clip(2));
    }
}
