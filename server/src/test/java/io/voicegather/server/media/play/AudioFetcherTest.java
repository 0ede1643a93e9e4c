package io.voicegather.server.media.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.media.play.AudioFetchException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFetcherTest {
    @TempDir
    Path cacheDir;

    private HttpServer server;
    private ExecutorService serverThreads;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch trickleHungUp = new CountDownLatch(1);
    private final byte[] wav = Signals.simpleWav(new short[][] {Signals.tone(1000, 16000, 0.5, 12000)}, 1, 16, 16000);
    private AudioFetcher fetcher;

    @BeforeEach
    void startServer() throws IOException {
        byte[] mp3 = AudioDecoderTest.resource("tone-1k-44k-stereo-id3.mp3");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        serve("/prompt.wav", exchange -> send(exchange, 200, wav));
        serve("/prompt.mp3", exchange -> send(exchange, 200, mp3));
        serve("/gone", exchange -> send(exchange, 410, new byte[0]));
        serve("/broken", exchange -> send(exchange, 500, new byte[0]));
        serve("/not-audio", exchange -> send(exchange, 200, "<html></html>".getBytes()));
        serve("/big-chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(Signals.wav(Signals.fmtChunk(1, 1, 8000, 16, false)));
                for (int i = 0; i < 64; i++) {
                    out.write(new byte[16384]);
                }
            } catch (IOException clientGaveUp) {
                // expected: the fetcher hangs up once the limit is passed
            }
        });
        serve("/stall", exchange -> {
            awaitRelease();
            send(exchange, 200, wav);
        });
        serve("/stall-body", exchange -> {
            exchange.sendResponseHeaders(200, wav.length);
            exchange.getResponseBody().write(wav, 0, 100);
            exchange.getResponseBody().flush();
            awaitRelease();
            exchange.close();
        });
        for (int i = 1; i <= 4; i++) {
            String next = i == 1 ? "/prompt.wav" : "/redirect" + (i - 1);
            serve("/redirect" + i, exchange -> {
                exchange.getResponseHeaders().add("Location", next);
                send(exchange, 302, new byte[0]);
            });
        }
        serve("/redirect-ftp", exchange -> {
            exchange.getResponseHeaders().add("Location", "ftp://127.0.0.1/prompt.wav");
            send(exchange, 302, new byte[0]);
        });
        serve("/trickle", exchange -> { // slow loris: a byte every 50 ms, never the whole body
            exchange.sendResponseHeaders(200, 1 << 20);
            OutputStream out = exchange.getResponseBody();
            try {
                while (true) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException | InterruptedException hungUp) {
                trickleHungUp.countDown();
            }
        });
        server.createContext("/missing", exchange -> send(exchange, 404, new byte[0]));
        server.start();
        fetcher = new AudioFetcher(AudioFetcherConfig.defaults(cacheDir));
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        fetcher.close();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @Test
    void fetchesWavAndMp3DecodedTo8k() throws Exception {
        PcmAudio fromWav = fetch(fetcher, "/prompt.wav", true);
        assertThat(fromWav.length()).isEqualTo(4000);
        short[] s = fromWav.toArray();
        assertThat(Signals.db(Signals.level(s, 400, s.length - 400, 1000, 8000) / 12000)).isBetween(-0.5, 0.5);
        PcmAudio fromMp3 = fetch(fetcher, "/prompt.mp3", true);
        assertThat(fromMp3.durationMillis()).isBetween(450L, 650L);
    }

    @Test
    void secondFetchComesFromTheCacheAndBypassFetchesAgain() throws Exception {
        PcmAudio first = fetch(fetcher, "/prompt.wav", true);
        PcmAudio second = fetch(fetcher, "/prompt.wav", true);
        assertThat(second).isEqualTo(first);
        assertThat(hits.get("/prompt.wav")).hasValue(1);

        fetch(fetcher, "/prompt.wav", false);
        assertThat(hits.get("/prompt.wav")).hasValue(2);

        // A restarted server process finds it on disk.
        try (AudioFetcher restarted = new AudioFetcher(AudioFetcherConfig.defaults(cacheDir))) {
            assertThat(fetch(restarted, "/prompt.wav", true)).isEqualTo(first);
            assertThat(restarted.requestCount()).isZero();
        }
        assertThat(hits.get("/prompt.wav")).hasValue(2);
        assertThat(Files.list(cacheDir)).hasSize(1);
    }

    @Test
    void memoryCacheIsBoundedByBytes() throws Exception {
        AudioFetcherConfig small = new AudioFetcherConfig(Set.of("http"), 1 << 20, Duration.ofSeconds(10), 3,
                10_000, null, AudioFetcherConfig.DEFAULT_DISK_CACHE_BYTES, 1);
        try (AudioFetcher f = new AudioFetcher(small)) {
            fetch(f, "/prompt.wav", true); // 8000 bytes decoded: fits
            fetch(f, "/prompt.wav?v=2", true); // evicts the first
            fetch(f, "/prompt.wav", true);
            assertThat(f.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void theDiskCacheHasABudgetAndZeroMeansMemoryOnly() throws Exception {
        AudioFetcherConfig oneClipOnDisk = AudioFetcherConfig.defaults(cacheDir).withMemoryCacheBytes(0)
                .withDiskCacheBytes(10_000); // one prompt is 8000 bytes decoded
        try (AudioFetcher f = new AudioFetcher(oneClipOnDisk)) {
            fetch(f, "/prompt.wav", true);
            fetch(f, "/prompt.wav?v=2", true); // deletes the first from disk
            assertThat(Files.list(cacheDir)).hasSize(1);
            fetch(f, "/prompt.wav?v=2", true);
            assertThat(f.requestCount()).isEqualTo(2);
            fetch(f, "/prompt.wav", true);
            assertThat(f.requestCount()).isEqualTo(3);
        }
        Path unused = cacheDir.resolve("off");
        try (AudioFetcher f = new AudioFetcher(AudioFetcherConfig.defaults(unused).withDiskCacheBytes(0))) {
            fetch(f, "/prompt.wav", true);
            fetch(f, "/prompt.wav", true);
            assertThat(f.requestCount()).isEqualTo(1); // from memory
        }
        assertThat(unused).doesNotExist();
    }

    @Test
    void aDiskCopyDeletedBehindTheCachesBackIsFetchedAgain() throws Exception {
        try (AudioFetcher f = new AudioFetcher(AudioFetcherConfig.defaults(cacheDir).withMemoryCacheBytes(0))) {
            PcmAudio first = fetch(f, "/prompt.wav", true);
            try (var files = Files.list(cacheDir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            assertThat(fetch(f, "/prompt.wav", true)).isEqualTo(first);
            assertThat(f.requestCount()).isEqualTo(2);
            assertThat(fetch(f, "/prompt.wav", true)).isEqualTo(first); // written back: now a disk hit
            assertThat(f.requestCount()).isEqualTo(2);
        }
    }

    @Test
    void notFoundAndOtherFailuresAreTold() {
        assertFailure(fetcher, "/missing", Reason.NOT_FOUND, "404");
        assertFailure(fetcher, "/gone", Reason.NOT_FOUND, "410");
        assertFailure(fetcher, "/broken", Reason.FAILED, "500");
        assertFailure(fetcher, "/not-audio", Reason.FAILED, "decoded");
    }

    @Test
    void refusesSchemesOutsideTheAllowlistWithoutAnyRequest() {
        for (String url : new String[] {"ftp://127.0.0.1/prompt.wav", "file:///etc/passwd", "not a url"}) {
            assertThatThrownBy(() -> fetcher.fetch(url, true).get(5, TimeUnit.SECONDS))
                    .satisfies(e -> assertThat(AudioFetcher.failureOf(e).reason()).isEqualTo(Reason.FAILED));
        }
        try (AudioFetcher httpsOnly = new AudioFetcher(
                AudioFetcherConfig.defaults(null).withAllowedSchemes(Set.of("https")))) {
            assertFailure(httpsOnly, "/prompt.wav", Reason.FAILED, "scheme");
            assertThat(httpsOnly.requestCount()).isZero();
        }
        assertFailure(fetcher, "/redirect-ftp", Reason.FAILED, "scheme");
    }

    @Test
    void followsUpToThreeRedirects() throws Exception {
        assertThat(fetch(fetcher, "/redirect3", false).length()).isEqualTo(4000);
        assertFailure(fetcher, "/redirect4", Reason.FAILED, "redirects");
    }

    @Test
    void sizeLimitIsCountedAsTheBodyArrives() {
        try (AudioFetcher limited = new AudioFetcher(AudioFetcherConfig.defaults(null).withMaxBytes(100_000))) {
            assertFailure(limited, "/big-chunked", Reason.FAILED, "limit");
        }
        try (AudioFetcher tiny = new AudioFetcher(AudioFetcherConfig.defaults(null).withMaxBytes(1000))) {
            assertFailure(tiny, "/prompt.wav", Reason.FAILED, "limit"); // refused on its Content-Length
        }
    }

    @Test
    void slowServersHitTheTimeLimit() {
        try (AudioFetcher quick = new AudioFetcher(
                AudioFetcherConfig.defaults(null).withTimeout(Duration.ofMillis(500)))) {
            for (String path : new String[] {"/stall", "/stall-body"}) {
                long start = System.nanoTime();
                assertFailure(quick, path, Reason.FAILED, "timed out");
                assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
            }
        }
    }

    /** The deadline holds for a body that keeps coming, a byte at a time, and the connection is closed at it. */
    @Test
    void aTricklingBodyIsCutAtTheDeadlineAndItsConnectionClosed() throws Exception {
        try (AudioFetcher quick = new AudioFetcher(
                AudioFetcherConfig.defaults(null).withTimeout(Duration.ofMillis(500)))) {
            long start = System.nanoTime();
            assertFailure(quick, "/trickle", Reason.FAILED, "timed out");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(8_000);
            assertThat(trickleHungUp.await(10, TimeUnit.SECONDS)).as("the fetcher hung up on the trickle").isTrue();
        }
    }

    /**
     * --audio-url-block-private at fetch time: a name that resolves to loopback fails before any request (every
     * redirect hop goes through the same check); with the guard off the same URL plays.
     */
    @Test
    void theGuardRefusesANameThatResolvesToABlockedAddressBeforeAnyRequest() throws Exception {
        String byName = "http://localhost:" + server.getAddress().getPort() + "/prompt.wav";
        try (AudioFetcher guarded = new AudioFetcher(AudioFetcherConfig.defaults(null), AudioUrlGuard.BLOCK_PRIVATE)) {
            assertFailure(guarded, byName, Reason.FAILED, "not a public address");
            assertThat(guarded.requestCount()).isZero();
            assertThat(hits.get("/prompt.wav")).isNull();
        }
        try (AudioFetcher open = new AudioFetcher(AudioFetcherConfig.defaults(null), AudioUrlGuard.OFF)) {
            assertThat(open.fetch(byName, false).get(20, TimeUnit.SECONDS).length()).isEqualTo(4000);
        }
    }

    @Test
    void connectionRefusedIsAFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CompletableFuture<PcmAudio> future = fetcher.fetch("http://127.0.0.1:" + closedPort + "/x.wav", true);
        assertThatThrownBy(() -> future.get(15, TimeUnit.SECONDS))
                .satisfies(e -> assertThat(AudioFetcher.failureOf(e).reason()).isEqualTo(Reason.FAILED));
    }

    @Test
    void neverBlocksTheCallersThread() throws Exception {
        // The server holds the answer until released: fetch must have returned long before that.
        CompletableFuture<PcmAudio> pending = fetcher.fetch(url("/stall"), false);
        assertThat(pending).isNotDone();
        release.countDown();
        assertThat(pending.get(15, TimeUnit.SECONDS).length()).isEqualTo(4000);
    }

    private void assertFailure(AudioFetcher f, String path, Reason reason, String messagePart) {
        String target = path.contains("://") ? path : url(path);
        assertThatThrownBy(() -> f.fetch(target, true).get(20, TimeUnit.SECONDS))
                .satisfies(e -> {
                    AudioFetchException failure = AudioFetcher.failureOf(e);
                    assertThat(failure.reason()).as(path).isEqualTo(reason);
                    assertThat(failure.getMessage()).as(path).containsIgnoringCase(messagePart);
                });
    }

    private PcmAudio fetch(AudioFetcher f, String path, boolean cache) throws Exception {
        return f.fetch(url(path), cache).get(20, TimeUnit.SECONDS);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void serve(String path, Handler handler) {
        server.createContext(path, exchange -> {
            String exact = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(exact, k -> new AtomicInteger()).incrementAndGet();
            if (!exact.equals(path)) {
                send(exchange, 404, new byte[0]);
                return;
            }
            handler.handle(exchange);
        });
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
