package io.voicegather.server.media.play;

import io.voicegather.server.media.play.AudioFetchException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Downloads prompt audio and returns it decoded and resampled to 8 kHz.
 *
 * <p>All network, decoding and disk work runs on a small executor of this fetcher's own, never on the caller's
 * thread (except the one scan of the cache folder, when the fetcher is built). Limits: a scheme allowlist (also
 * applied to every redirect), optionally an {@link AudioUrlGuard} on every host, redirects followed by hand up to the
 * configured number, a body size limit counted as bytes arrive (a Content-Length over the limit fails at once, but
 * is never trusted), and one deadline for the whole fetch. Results are cached by URL (see {@link AudioCache}).
 *
 * <p>A failed fetch completes its future exceptionally with an {@link AudioFetchException} as the cause (possibly
 * inside a CompletionException); {@link #failureOf(Throwable)} digs it out.
 */
public final class AudioFetcher implements AutoCloseable {
    private final AudioFetcherConfig config;
    private final ExecutorService executor;
    private final HttpClient client;
    private final AudioCache cache;
    private final AudioDecoder decoder;
    private final AudioUrlGuard guard;
    private final AtomicInteger requests = new AtomicInteger();

    public AudioFetcher(AudioFetcherConfig config) {
        this(config, new AudioDecoder());
    }

    public AudioFetcher(AudioFetcherConfig config, AudioDecoder decoder) {
        this(config, decoder, AudioUrlGuard.OFF);
    }

    /** With {@code guard} judging every host, redirects included, before each request. */
    public AudioFetcher(AudioFetcherConfig config, AudioUrlGuard guard) {
        this(config, new AudioDecoder(), guard);
    }

    public AudioFetcher(AudioFetcherConfig config, AudioDecoder decoder, AudioUrlGuard guard) {
        this.config = config;
        this.decoder = decoder;
        this.guard = guard;
        // First, so that a cache folder that cannot be opened leaves no threads behind.
        this.cache = new AudioCache(config.memoryCacheBytes(), config.cacheDir(), config.diskCacheBytes());
        this.executor = Executors.newFixedThreadPool(config.threads(), daemonThreads());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.timeout())
                .executor(executor)
                .build();
    }

    /**
     * Fetches {@code url} (or takes it from the cache when {@code useCache}); with {@code useCache} false the cache
     * is neither read nor written.
     */
    public CompletableFuture<PcmAudio> fetch(String url, boolean useCache) {
        URI uri;
        try {
            uri = checkedUri(url, null);
        } catch (AudioFetchException e) {
            return CompletableFuture.failedFuture(e);
        }
        long deadline = System.nanoTime() + config.timeout().toNanos();
        CompletableFuture<PcmAudio> result = CompletableFuture.supplyAsync(() -> useCache ? cache.get(url) : null,
                        executor)
                .thenCompose(hit -> hit != null
                        ? CompletableFuture.completedFuture(hit)
                        : download(uri, 0, deadline)
                                .thenApplyAsync(this::decode, executor)
                                .thenApply(audio -> {
                                    if (useCache) {
                                        cache.put(url, audio);
                                    }
                                    return audio;
                                }));
        return result.orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((audio, error) -> {
                    if (error != null) {
                        throw new CompletionException(failureOf(error));
                    }
                    return audio;
                });
    }

    /** The {@link AudioFetchException} behind a failed fetch future, whatever wrapping it went through. */
    public static AudioFetchException failureOf(Throwable error) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof AudioFetchException afe) {
                return afe;
            }
        }
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException
                || t instanceof java.util.concurrent.CancellationException) { // cancelled only at the deadline
            return new AudioFetchException(Reason.FAILED, "audio fetch timed out", t);
        }
        if (t instanceof ConnectException) {
            return new AudioFetchException(Reason.FAILED, "could not connect: " + t.getMessage(), t);
        }
        return new AudioFetchException(Reason.FAILED, "audio fetch failed: " + t, t);
    }

    /** HTTP requests sent so far (redirects count), for tests and metrics. */
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private CompletableFuture<byte[]> download(URI uri, int redirects, long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.failedFuture(new AudioFetchException(Reason.FAILED, "audio fetch timed out"));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(java.time.Duration.ofNanos(left)).build();
        return guarded(uri)
                .thenCompose(allowed -> {
                    requests.incrementAndGet();
                    return abortedAtDeadline(client.sendAsync(request, info -> limitedBody(info)), deadline);
                })
                .thenCompose(response -> {
                    int status = response.statusCode();
                    if (status >= 300 && status < 400 && status != 304) {
                        return redirect(uri, response, redirects, deadline);
                    }
                    if (status == 404 || status == 410) {
                        return CompletableFuture.failedFuture(new AudioFetchException(Reason.NOT_FOUND,
                                "audio not found (HTTP " + status + "): " + uri));
                    }
                    if (status != 200) {
                        return CompletableFuture.failedFuture(new AudioFetchException(Reason.FAILED,
                                "audio fetch answered HTTP " + status + ": " + uri));
                    }
                    return CompletableFuture.completedFuture(response.body());
                });
    }

    /**
     * Cancels the exchange if it is still going at the deadline. The request timeout covers only the wait for the
     * headers, so without this a server that trickles the body (slow loris) would hold the connection, and the bytes,
     * long after the fetch was given up.
     */
    private static <T> CompletableFuture<T> abortedAtDeadline(CompletableFuture<T> exchange, long deadline) {
        long left = Math.max(0, deadline - System.nanoTime());
        CompletableFuture.delayedExecutor(left, TimeUnit.NANOSECONDS).execute(() -> exchange.cancel(true));
        return exchange;
    }

    /** Completes when the guard allows the URL's host (resolving it on this fetcher's threads), else fails. */
    private CompletableFuture<Void> guarded(URI uri) {
        if (guard == AudioUrlGuard.OFF) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            try {
                guard.checkResolved(uri.getHost());
            } catch (AudioFetchException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    private CompletableFuture<byte[]> redirect(URI from, HttpResponse<byte[]> response, int redirects,
                                               long deadline) {
        if (redirects >= config.maxRedirects()) {
            return CompletableFuture.failedFuture(new AudioFetchException(Reason.FAILED,
                    "more than " + config.maxRedirects() + " redirects fetching " + from));
        }
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null) {
            return CompletableFuture.failedFuture(new AudioFetchException(Reason.FAILED,
                    "redirect without Location from " + from));
        }
        try {
            return download(checkedUri(location, from), redirects + 1, deadline);
        } catch (AudioFetchException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A body collector that gives up as soon as the size limit is passed; redirect and error bodies are dropped. */
    private BodySubscriber<byte[]> limitedBody(HttpResponse.ResponseInfo info) {
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.replacing(new byte[0]);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > config.maxBytes()) {
            return failingBody(new AudioFetchException(Reason.FAILED,
                    "audio is " + declared + " bytes, over the limit of " + config.maxBytes()));
        }
        return new LimitedBodySubscriber(config.maxBytes());
    }

    private static BodySubscriber<byte[]> failingBody(AudioFetchException error) {
        return new LimitedBodySubscriber(-1) {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.cancel();
                fail(error);
            }
        };
    }

    private PcmAudio decode(byte[] body) {
        try {
            return decoder.decodeTo8k(body);
        } catch (AudioDecodeException e) {
            throw new CompletionException(new AudioFetchException(Reason.FAILED,
                    "audio could not be decoded: " + e.getMessage(), e));
        }
    }

    private URI checkedUri(String text, URI base) throws AudioFetchException {
        URI uri;
        try {
            uri = base == null ? new URI(text) : base.resolve(new URI(text));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AudioFetchException(Reason.FAILED, "invalid audio URL: " + text);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!config.allowedSchemes().contains(scheme) || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new AudioFetchException(Reason.FAILED, "audio URL scheme '" + scheme + "' is not allowed");
        }
        if (uri.getHost() == null) {
            throw new AudioFetchException(Reason.FAILED, "audio URL has no host: " + text);
        }
        return uri;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "audio-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Collects the body, cancelling the download once more than {@code limit} bytes have arrived. */
    private static class LimitedBodySubscriber implements BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBodySubscriber(long limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : items) {
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    subscription.cancel();
                    fail(new AudioFetchException(Reason.FAILED, "audio is over the limit of " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            fail(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }

        void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }
}
