package io.voicegather.server.media.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCacheTest {

    private static FreeTtsEngine freetts;

    @BeforeAll
    static void start() {
        freetts = new FreeTtsEngine(1);
    }

    @AfterAll
    static void stop() {
        freetts.close();
    }

    /** Counts the calls that reach the real engine; may hold them at a gate to force overlap. */
    static final class CountingEngine implements TtsEngine {
        final TtsEngine inner;
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch gate;
        volatile boolean fail;

        CountingEngine(TtsEngine inner) {
            this.inner = inner;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public short[] render(TtsRequest request) throws TtsException {
            calls.incrementAndGet();
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (fail) {
                throw new TtsException(TtsException.Reason.ENGINE, "boom");
            }
            return inner.render(request);
        }
    }

    private static TtsRequest prompt(String text) {
        return TtsRequest.of(text, VoiceCatalog.resolve("female", "en-US"));
    }

    @Test
    void secondRenderIsServedFromMemory(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        RenderCache cache = new RenderCache(counting, 10 << 20, dir);
        short[] first = cache.render(prompt("Press one for sales."));
        short[] second = cache.render(prompt("Press one for sales."));
        assertThat(counting.calls).hasValue(1);
        assertThat(second).isSameAs(first);
        assertThat(cache.memoryHits()).isEqualTo(1);
        assertThat(cache.renders()).isEqualTo(1);
        cache.render(prompt("Press two for support."));
        assertThat(counting.calls).hasValue(2);
    }

    @Test
    void everyPartOfTheKeyMatters() {
        RenderCache cache = new RenderCache(freetts, 0, null);
        VoiceChoice female = VoiceCatalog.resolve("female", null);
        TtsRequest base = new TtsRequest(Ssml.plainText("Hi"), female, null, 1.0);
        List<TtsRequest> variants = List.of(
                new TtsRequest(Ssml.plainText("Hi!"), female, null, 1.0),
                new TtsRequest(Ssml.plainText("Hi"), VoiceCatalog.resolve("male", null), null, 1.0),
                new TtsRequest(Ssml.plainText("Hi"), female, "de-DE", 1.0),
                new TtsRequest(Ssml.plainText("Hi"), female, null, 1.5),
                new TtsRequest(Ssml.parseSsml("<speak>Hi<break/></speak>"), female, null, 1.0));
        for (TtsRequest variant : variants) {
            assertThat(cache.key(variant)).isNotEqualTo(cache.key(base));
        }
        assertThat(cache.key(new TtsRequest(Ssml.parseSsml("<speak> Hi </speak>"), female, null, 1.0)))
                .isEqualTo(cache.key(base));
    }

    @Test
    void diskCopySurvivesARestart(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        short[] rendered = new RenderCache(counting, 10 << 20, dir).render(prompt("Thank you for calling."));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.toList();
            assertThat(list).hasSize(1);
            assertThat(list.get(0).getFileName().toString()).matches("[0-9a-f]{64}\\.pcm");
            assertThat(Files.size(list.get(0))).isEqualTo(2L * rendered.length);
        }
        RenderCache restarted = new RenderCache(counting, 10 << 20, dir);
        assertThat(restarted.render(prompt("Thank you for calling."))).isEqualTo(rendered);
        assertThat(counting.calls).hasValue(1);
        assertThat(restarted.diskHits()).isEqualTo(1);
    }

    @Test
    void memoryIsBoundedByBytesLeastRecentlyUsedFirst() throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        int longest = Stream.of("One.", "Two.", "Six.").mapToInt(t -> {
            try {
                return freetts.render(prompt(t)).length;
            } catch (TtsException e) {
                throw new AssertionError(e);
            }
        }).max().orElseThrow();
        long budget = 2L * 2 * longest + 10; // room for any two of the three short words, not for all three
        RenderCache cache = new RenderCache(counting, budget, null);
        cache.render(prompt("One."));
        cache.render(prompt("Two."));
        cache.render(prompt("One."));  // One is now the most recently used
        assertThat(counting.calls).hasValue(2);
        cache.render(prompt("Six."));  // pushes out Two, the least recently used
        assertThat(cache.memoryBytes()).isLessThanOrEqualTo(budget);
        cache.render(prompt("One."));
        assertThat(counting.calls).hasValue(3);
        cache.render(prompt("Two."));
        assertThat(counting.calls).hasValue(4);
    }

    @Test
    void concurrentRequestsForOnePromptShareOneRender() throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        counting.gate = new CountDownLatch(1);
        RenderCache cache = new RenderCache(counting, 10 << 20, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<short[]>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> cache.render(prompt("Please hold."))));
            }
            Thread.sleep(200); // let them pile up behind the gate (the assertion holds however they interleave)
            counting.gate.countDown();
            short[] first = futures.get(0).get(20, TimeUnit.SECONDS);
            for (Future<short[]> f : futures) {
                assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(first);
            }
            assertThat(counting.calls).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void diskIsTrimmedLeastRecentlyUsedFirst(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        RenderCache cache = new RenderCache(counting, 0, dir); // nothing in memory: every hit goes to disk
        for (String text : List.of("One.", "Two.", "Three.")) {
            cache.render(prompt(text));
        }
        Files.setLastModifiedTime(dir.resolve(cache.key(prompt("One.")) + ".pcm"),
                java.nio.file.attribute.FileTime.fromMillis(1_000));
        Files.setLastModifiedTime(dir.resolve(cache.key(prompt("Two.")) + ".pcm"),
                java.nio.file.attribute.FileTime.fromMillis(2_000));
        cache.render(prompt("One.")); // a disk hit refreshes One, so Two is now the oldest
        assertThat(cache.diskHits()).isEqualTo(1);
        long threeBytes = Files.size(dir.resolve(cache.key(prompt("Three.")) + ".pcm"));
        long oneBytes = Files.size(dir.resolve(cache.key(prompt("One.")) + ".pcm"));
        assertThat(cache.trimDisk(threeBytes + oneBytes)).isEqualTo(1);
        assertThat(dir.resolve(cache.key(prompt("Two.")) + ".pcm")).doesNotExist();
        assertThat(dir.resolve(cache.key(prompt("One.")) + ".pcm")).exists();
        assertThat(cache.trimDisk(0)).isEqualTo(2);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    /** Bytes of the disk copy of each of these prompts, rendered once. */
    private static long[] diskSizes(String... texts) throws TtsException {
        long[] sizes = new long[texts.length];
        for (int i = 0; i < texts.length; i++) {
            sizes[i] = 2L * freetts.render(prompt(texts[i])).length;
        }
        return sizes;
    }

    private static long folderBytes(Path dir) throws java.io.IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                total += Files.size(f);
            }
        }
        return total;
    }

    @Test
    void theDiskBudgetDeletesTheLeastRecentlyUsedCopy(@TempDir Path dir) throws Exception {
        long[] sizes = diskSizes("One.", "Two.", "Six.");
        long budget = Math.max(sizes[0], Math.max(sizes[1], sizes[2])) * 2; // room for any two, not for all three
        assertThat(sizes[0] + sizes[1] + sizes[2]).isGreaterThan(budget);
        CountingEngine counting = new CountingEngine(freetts);
        RenderCache cache = new RenderCache(counting, 0, dir, budget); // nothing in memory: every hit goes to disk
        cache.render(prompt("One."));
        cache.render(prompt("Two."));
        cache.render(prompt("One.")); // a disk hit: One is now the most recently used
        assertThat(cache.diskHits()).isEqualTo(1);

        cache.render(prompt("Six.")); // pushes out Two

        assertThat(dir.resolve(cache.key(prompt("Two.")) + ".pcm")).doesNotExist();
        assertThat(dir.resolve(cache.key(prompt("One.")) + ".pcm")).exists();
        assertThat(folderBytes(dir)).isLessThanOrEqualTo(budget).isEqualTo(cache.diskBytes());
        cache.render(prompt("One."));
        assertThat(counting.calls).hasValue(3);
        cache.render(prompt("Two."));
        assertThat(counting.calls).hasValue(4);
    }

    @Test
    void aRestartWithASmallerBudgetTrimsTheFolderAtOnce(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        RenderCache before = new RenderCache(counting, 10 << 20, dir, 10 << 20);
        for (String text : List.of("One.", "Two.", "Six.")) {
            before.render(prompt(text));
        }
        long newest = 3_000_000;
        for (String text : List.of("Six.", "One.", "Two.")) { // Six is the newest on disk, Two the oldest
            Files.setLastModifiedTime(dir.resolve(before.key(prompt(text)) + ".pcm"),
                    java.nio.file.attribute.FileTime.fromMillis(newest));
            newest -= 1_000_000;
        }
        long sixBytes = Files.size(dir.resolve(before.key(prompt("Six.")) + ".pcm"));

        RenderCache after = new RenderCache(counting, 10 << 20, dir, sixBytes);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(dir.resolve(after.key(prompt("Six.")) + ".pcm"));
        }
        after.render(prompt("Six."));
        assertThat(after.diskHits()).isEqualTo(1);
        assertThat(counting.calls).hasValue(3);
    }

    @Test
    void aZeroDiskBudgetKeepsSpeechInMemoryOnly(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        Path folder = dir.resolve("tts-cache");
        RenderCache cache = new RenderCache(counting, 10 << 20, folder, 0);
        cache.render(prompt("Hello."));
        cache.render(prompt("Hello."));
        assertThat(counting.calls).hasValue(1);
        assertThat(cache.memoryHits()).isEqualTo(1);
        assertThat(folder).doesNotExist();
        assertThat(cache.diskBytes()).isZero();
    }

    @Test
    void aDeletedOrDamagedDiskCopyIsRenderedAgain(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        RenderCache cache = new RenderCache(counting, 0, dir, 10 << 20);
        short[] first = cache.render(prompt("Goodbye."));
        Path file = dir.resolve(cache.key(prompt("Goodbye.")) + ".pcm");

        Files.delete(file);
        assertThat(cache.render(prompt("Goodbye."))).isEqualTo(first);
        assertThat(counting.calls).hasValue(2);

        Files.write(file, new byte[] {1, 2, 3}); // an odd number of bytes cannot be 16-bit PCM
        assertThat(cache.render(prompt("Goodbye."))).isEqualTo(first);
        assertThat(counting.calls).hasValue(3);
        assertThat(Files.size(file)).isEqualTo(2L * first.length); // replaced by the new render
        assertThat(cache.render(prompt("Goodbye."))).isEqualTo(first);
        assertThat(cache.diskHits()).isEqualTo(1);
    }

    @Test
    void failuresAreNotCached(@TempDir Path dir) throws Exception {
        CountingEngine counting = new CountingEngine(freetts);
        counting.fail = true;
        RenderCache cache = new RenderCache(counting, 10 << 20, dir);
        assertThatThrownBy(() -> cache.render(prompt("Hello."))).isInstanceOf(TtsException.class);
        counting.fail = false;
        assertThat(cache.render(prompt("Hello."))).isNotEmpty();
        assertThat(counting.calls).hasValue(2);
    }
}
