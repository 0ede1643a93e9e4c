package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheFolderTest {

    @TempDir
    Path dir;

    private static byte[] bytes(int size, int fill) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    /** The .pcm files really on disk, and their total size. */
    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pcm")).sorted().toList();
        }
    }

    private long bytesOnDisk() throws IOException {
        long total = 0;
        for (Path f : cacheFiles()) {
            total += Files.size(f);
        }
        return total;
    }

    private void age(String key, long millis) throws IOException {
        Files.setLastModifiedTime(dir.resolve(key + ".pcm"), FileTime.fromMillis(millis));
    }

    @Test
    void writesPastTheBudgetDeleteTheLeastRecentlyUsed() throws Exception {
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", 300);
        cache.write("a", bytes(100, 1));
        cache.write("b", bytes(100, 2));
        cache.write("c", bytes(100, 3));
        assertThat(cache.read("a")).isEqualTo(bytes(100, 1)); // a is now the most recently used; b the least

        cache.write("d", bytes(100, 4));

        assertThat(dir.resolve("b.pcm")).doesNotExist();
        assertThat(cache.read("b")).isNull();
        assertThat(cacheFiles()).extracting(f -> f.getFileName().toString())
                .containsExactly("a.pcm", "c.pcm", "d.pcm");
        assertThat(bytesOnDisk()).isEqualTo(300).isEqualTo(cache.bytes());

        cache.write("e", bytes(150, 5)); // needs two files out: c, then a (d was written after a was read)
        assertThat(cacheFiles()).extracting(f -> f.getFileName().toString()).containsExactly("d.pcm", "e.pcm");
        assertThat(bytesOnDisk()).isEqualTo(250).isEqualTo(cache.bytes());
    }

    @Test
    void aRewriteOfAKeyCountsOnlyItsNewSize() throws Exception {
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", 300);
        cache.write("a", bytes(100, 1));
        cache.write("b", bytes(100, 2));
        cache.write("a", bytes(200, 9));
        assertThat(cache.bytes()).isEqualTo(300).isEqualTo(bytesOnDisk());
        assertThat(cache.read("a")).isEqualTo(bytes(200, 9));
        assertThat(cache.read("b")).isEqualTo(bytes(100, 2));
    }

    @Test
    void aFileBiggerThanTheWholeBudgetIsNotWrittenAndEvictsNothing() throws Exception {
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", 300);
        cache.write("a", bytes(100, 1));
        cache.write("huge", bytes(301, 2));
        assertThat(cache.read("huge")).isNull();
        assertThat(cache.read("a")).isEqualTo(bytes(100, 1));
        assertThat(cacheFiles()).hasSize(1);
    }

    @Test
    void aRestartReadsTheFolderOldestFirstAndEnforcesASmallerBudgetAtOnce() throws Exception {
        DiskCacheFolder before = new DiskCacheFolder(dir, ".pcm", 10_000);
        before.write("a", bytes(100, 1));
        before.write("b", bytes(100, 2));
        before.write("c", bytes(100, 3));
        age("a", 3_000_000);
        age("b", 1_000_000);
        age("c", 2_000_000);
        Files.write(dir.resolve("a1234567.tmp"), bytes(50, 7)); // a write that a crash interrupted
        Files.write(dir.resolve("notes.txt"), bytes(10, 8));    // not ours

        DiskCacheFolder after = new DiskCacheFolder(dir, ".pcm", 150);

        assertThat(cacheFiles()).extracting(f -> f.getFileName().toString()).containsExactly("a.pcm");
        assertThat(after.bytes()).isEqualTo(100);
        assertThat(after.files()).isEqualTo(1);
        assertThat(dir.resolve("a1234567.tmp")).doesNotExist();
        assertThat(dir.resolve("notes.txt")).exists();
        assertThat(after.read("a")).isEqualTo(bytes(100, 1));
    }

    @Test
    void aHitRefreshesTheFileTimeSoTheOrderSurvivesARestart() throws Exception {
        DiskCacheFolder before = new DiskCacheFolder(dir, ".pcm", 10_000);
        before.write("a", bytes(100, 1));
        before.write("b", bytes(100, 2));
        age("a", 1_000_000);
        age("b", 2_000_000);
        assertThat(before.read("a")).isNotNull(); // a is now the youngest, on disk too

        new DiskCacheFolder(dir, ".pcm", 100);

        assertThat(cacheFiles()).extracting(f -> f.getFileName().toString()).containsExactly("a.pcm");
    }

    @Test
    void aRestartedFolderKeepsEvictingInTheOrderItFound() throws Exception {
        DiskCacheFolder before = new DiskCacheFolder(dir, ".pcm", 10_000);
        before.write("a", bytes(100, 1));
        before.write("b", bytes(100, 2));
        age("a", 2_000_000);
        age("b", 1_000_000);

        DiskCacheFolder after = new DiskCacheFolder(dir, ".pcm", 200);
        after.write("c", bytes(100, 3));

        assertThat(cacheFiles()).extracting(f -> f.getFileName().toString()).containsExactly("a.pcm", "c.pcm");
    }

    @Test
    void aZeroBudgetWritesNothingAndEmptiesAnOldFolder() throws Exception {
        Path fresh = dir.resolve("never");
        DiskCacheFolder none = new DiskCacheFolder(fresh, ".pcm", 0);
        none.write("a", bytes(100, 1));
        none.write("empty", new byte[0]);
        assertThat(none.read("a")).isNull();
        assertThat(fresh).doesNotExist();

        new DiskCacheFolder(dir, ".pcm", 10_000).write("a", bytes(100, 1));
        DiskCacheFolder off = new DiskCacheFolder(dir, ".pcm", 0);
        assertThat(cacheFiles()).isEmpty();
        assertThat(off.read("a")).isNull();
    }

    @Test
    void aFileDeletedBehindItsBackIsAMissAndIsForgotten() throws Exception {
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", 300);
        cache.write("a", bytes(100, 1));
        Files.delete(dir.resolve("a.pcm"));
        assertThat(cache.read("a")).isNull();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.files()).isZero();
        cache.write("a", bytes(100, 2));
        assertThat(cache.read("a")).isEqualTo(bytes(100, 2));
    }

    @Test
    void removeDeletesTheFile() throws Exception {
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", 300);
        cache.write("a", bytes(100, 1));
        cache.remove("a");
        assertThat(dir.resolve("a.pcm")).doesNotExist();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.read("a")).isNull();
    }

    @Test
    void concurrentWritesThatAllFitAreAllKept() throws Exception {
        int threads = 8;
        int perThread = 40;
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", (long) threads * perThread * 500);
        runConcurrently(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                cache.write("k" + t + "-" + i, bytes(500, t));
                cache.read("k" + t + "-" + (i / 2));
            }
        });
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(cache.read("k" + t + "-" + i)).as("k%d-%d", t, i).isEqualTo(bytes(500, t));
            }
        }
        assertThat(cacheFiles()).hasSize(threads * perThread);
        assertThat(cache.bytes()).isEqualTo(bytesOnDisk());
    }

    @Test
    void concurrentWritesPastTheBudgetLeaveTheFolderWithinIt() throws Exception {
        int threads = 8;
        long budget = 20 * 500;
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", budget);
        runConcurrently(threads, t -> {
            for (int i = 0; i < 60; i++) {
                cache.write("k" + t + "-" + i, bytes(500, t));
                cache.read("k" + ((t + 1) % threads) + "-" + i); // reads race with evictions: misses, never errors
            }
        });
        assertThat(bytesOnDisk()).isLessThanOrEqualTo(budget).isEqualTo(cache.bytes());
        assertThat(cacheFiles()).hasSize(cache.files());
        for (Path f : cacheFiles()) {
            String key = f.getFileName().toString().replace(".pcm", "");
            assertThat(cache.read(key)).as(key).hasSize(500);
        }
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all).allMatch(f -> f.getFileName().toString().endsWith(".pcm"));
        }
    }

    /** Writer {@code t}'s version of a key: its own size and fill, so the file on disk tells whose it is. */
    private static byte[] version(int t) {
        return bytes(400 + 100 * t, t + 1);
    }

    @Test
    void concurrentWritesOfOneKeyCountItOnceAndLeaveOneCompleteFile() throws Exception {
        int writers = 8;
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", 1_000_000);
        for (int round = 0; round < 500; round++) {
            runConcurrently(writers, t -> cache.write("same", version(t)));
            assertThat(cacheFiles()).as("round %d", round).hasSize(1);
            byte[] onDisk = Files.readAllBytes(cache.fileFor("same"));
            int winner = onDisk[0] - 1;
            assertThat(onDisk).as("round %d: one writer's whole file", round).isEqualTo(version(winner));
            assertThat(cache.files()).isEqualTo(1);
            assertThat(cache.bytes()).as("round %d: counted once, at the size on disk", round)
                    .isEqualTo(onDisk.length);
            try (Stream<Path> all = Files.list(dir)) {
                assertThat(all).as("no temporary file left").hasSize(1);
            }
        }
    }

    @Test
    void concurrentRewritesOfFewKeysPastTheBudgetKeepTheIndexEqualToTheDisk() throws Exception {
        int writers = 8;
        long budget = 3 * 1200; // some three of the four keys fit: evictions race with rewrites of the same keys
        DiskCacheFolder cache = new DiskCacheFolder(dir, ".pcm", budget);
        for (int round = 0; round < 100; round++) {
            int r = round;
            runConcurrently(writers, t -> {
                for (int i = 0; i < 8; i++) {
                    cache.write("k" + ((t + i + r) % 4), version(t));
                }
            });
            assertThat(cache.bytes()).as("round %d", round).isEqualTo(bytesOnDisk()).isLessThanOrEqualTo(budget);
            assertThat(cacheFiles()).as("round %d", round).hasSize(cache.files());
            for (Path f : cacheFiles()) {
                byte[] onDisk = Files.readAllBytes(f);
                assertThat(onDisk).isEqualTo(version(onDisk[0] - 1));
            }
        }
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all).allMatch(f -> f.getFileName().toString().endsWith(".pcm"));
        }
    }

    private interface Worker {
        void run(int thread) throws Exception;
    }

    private static void runConcurrently(int threads, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    worker.run(thread);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
