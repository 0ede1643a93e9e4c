package io.voicegather.server.http;

import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.ai.assistants.AssistantCatalog;
import io.voicegather.server.call.CallControl;
import io.voicegather.server.config.ClusterSettings;
import io.voicegather.server.ops.Metrics;
import io.voicegather.server.store.media.MediaStore;

import io.voicegather.server.media.play.AudioUrlGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Telnyx-compatible REST surface under {@code /v2}, on the JDK's built-in HTTP server.
 * Requests run on a small bounded pool of their own; when it is saturated, requests are answered 429 at once.
 * {@link #start()} binds and starts; {@link #close()} stops it. Both are meant to be called once, from one thread.
 */
public final class ApiServer implements AutoCloseable {
    /** The console's session cookie; the dev phone's WebSocket, on another port of the same host, gets it too. */
    public static final String CONSOLE_COOKIE = ConsoleHandler.COOKIE;
    private static final int BACKLOG = 1024;

    private final InetSocketAddress bindAddress;
    private final CallControl calls;
    private final Predicate<String> apiKeyCheck;
    private final Supplier<String> publicKeyBase64;
    private final ApiServerLimits limits;
    private final MediaStore media;
    private final AssistantCatalog assistants;
    private final String defaultModel;
    private Metrics metrics;
    private BooleanSupplier ready;
    private Runnable drain;
    private ClusterSettings cluster = ClusterSettings.SINGLE;
    private AnsweredCommand.Observer commands = AnsweredCommand.Observer.NONE;
    private ConsoleSources console;
    private IntSupplier devPhonePort = () -> 0;
    private volatile ConsoleHandler consoleHandler;
    private AudioUrlGuard audioUrlGuard = AudioUrlGuard.OFF;
    private LoadSheddingExecutor mediaExecutor;
    private HttpServer server;
    private LoadSheddingExecutor executor;

    /**
     * @param bindAddress     address to listen on (e.g. 127.0.0.1)
     * @param port            TCP port, 0 for any free one (see {@link #port()})
     * @param calls           where validated commands go
     * @param apiKeyCheck     true for an accepted API key (see {@link ApiKeys#anyOf})
     * @param publicKeyBase64 the Ed25519 webhook verification key, served at GET /v2/public_key
     */
    public ApiServer(InetAddress bindAddress, int port, CallControl calls, Predicate<String> apiKeyCheck,
                     Supplier<String> publicKeyBase64) {
        this(bindAddress, port, calls, apiKeyCheck, publicKeyBase64, ApiServerLimits.DEFAULT);
    }

    public ApiServer(InetAddress bindAddress, int port, CallControl calls, Predicate<String> apiKeyCheck,
                     Supplier<String> publicKeyBase64, ApiServerLimits limits) {
        this(bindAddress, port, calls, apiKeyCheck, publicKeyBase64, limits, null);
    }

    /** @param media the store behind /v2/media; null leaves /v2/media unrouted (404) */
    public ApiServer(InetAddress bindAddress, int port, CallControl calls, Predicate<String> apiKeyCheck,
                     Supplier<String> publicKeyBase64, ApiServerLimits limits, MediaStore media) {
        this(bindAddress, port, calls, apiKeyCheck, publicKeyBase64, limits, media, null, null);
    }

    /**
     * @param assistants   the assistants behind /v2/ai/assistants; null leaves that path unrouted (404)
     * @param defaultModel the language model an assistant that names none uses, shown as its {@code model}
     */
    public ApiServer(InetAddress bindAddress, int port, CallControl calls, Predicate<String> apiKeyCheck,
                     Supplier<String> publicKeyBase64, ApiServerLimits limits, MediaStore media,
                     AssistantCatalog assistants, String defaultModel) {
        this.media = media;
        this.assistants = assistants;
        this.defaultModel = defaultModel;
        this.bindAddress = new InetSocketAddress(Objects.requireNonNull(bindAddress), port);
        this.calls = Objects.requireNonNull(calls);
        this.apiKeyCheck = Objects.requireNonNull(apiKeyCheck);
        this.publicKeyBase64 = Objects.requireNonNull(publicKeyBase64);
        this.limits = Objects.requireNonNull(limits);
    }

    /**
     * Before {@link #start()}: serve {@code GET /metrics} and {@code POST /admin/drain} (behind the API key; the
     * latter runs {@code drain}), {@code GET /health} and {@code GET /ready} ({@code ready} says whether calls are
     * taken).
     */
    public synchronized void withOperations(Metrics metrics, BooleanSupplier ready, Runnable drain) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.metrics = Objects.requireNonNull(metrics);
        this.ready = Objects.requireNonNull(ready);
        this.drain = Objects.requireNonNull(drain);
    }

    /**
     * Before {@link #start()}: {@code observer} hears of every call command answered; {@code GET /v2/call_events}
     * and the console read {@code console}.
     */
    public synchronized void withCallEvents(AnsweredCommand.Observer observer, ConsoleSources console) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.commands = Objects.requireNonNull(observer);
        this.console = Objects.requireNonNull(console);
    }

    /** Before {@link #start()}: a call's commands sent here for a call another node owns go to that node. */
    public synchronized void withCluster(ClusterSettings cluster) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.cluster = Objects.requireNonNull(cluster);
    }

    /** Binds the port and starts serving. */
    /**
     * Refuses, at command time, an audio_url written as an address the guard blocks (422), and a media_url whose
     * host it blocks. Before {@link #start}.
     */
    public synchronized void withAudioUrlGuard(AudioUrlGuard guard) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.audioUrlGuard = Objects.requireNonNull(guard);
    }

    /** Before {@link #start()}: the dev phone's WebSocket port, for the page at /phone (0: no dev phone). */
    public synchronized void withDevPhone(IntSupplier port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        this.devPhonePort = Objects.requireNonNull(port);
    }

    /** Whether the value of the console's cookie {@link #CONSOLE_COOKIE} is a live console session. */
    public boolean consoleSessionValid(String token) {
        ConsoleHandler c = consoleHandler;
        return c != null && c.sessionValid(token);
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        HttpServer s = HttpServer.create(bindAddress, BACKLOG);
        executor = new LoadSheddingExecutor(limits.workerThreads(), limits.queueCapacity());
        s.setExecutor(executor);
        CallForwarder forwarder = cluster.peers().isEmpty() ? null
                : new CallForwarder(cluster, apiKeyCheck, limits.maxBodyBytes());
        s.createContext(Router.BASE, new ApiHandler(calls, apiKeyCheck, publicKeyBase64, limits.maxBodyBytes(),
                commands, forwarder, audioUrlGuard));
        if (console != null) {
            s.createContext(CallEventsHandler.PATH, new CallEventsHandler(console.events(), apiKeyCheck));
            // everything outside /v2: the console's login form, the console, its data (404 for the rest)
            consoleHandler = new ConsoleHandler(console, apiKeyCheck, Clock.systemUTC(), devPhonePort);
            s.createContext("/", consoleHandler);
        } else {
            s.createContext("/", new ApiHandler(calls, apiKeyCheck, publicKeyBase64, limits.maxBodyBytes(),
                    commands, forwarder, audioUrlGuard)); // without a console: the API's own 404
        }
        if (metrics != null) {
            OpsHandler ops = new OpsHandler(metrics, ready, drain, apiKeyCheck);
            for (String path : new String[] {OpsHandler.HEALTH, OpsHandler.READY, OpsHandler.METRICS,
                    OpsHandler.DRAIN}) {
                s.createContext(path, ops);
            }
        }
        if (media != null) {
            // Uploads run on threads of their own, shed (429) on a queue of their own: a burst of them, or a slow
            // media_url, never takes the workers and queue places the call commands need.
            MediaHandler handler = new MediaHandler(media, apiKeyCheck, audioUrlGuard);
            LoadSheddingExecutor uploads = new LoadSheddingExecutor(limits.mediaThreads(),
                    limits.mediaQueueCapacity(), "http-media");
            mediaExecutor = uploads;
            s.createContext(MediaHandler.BASE, exchange -> uploads.execute(() -> handler.handle(exchange)));
        }
        if (assistants != null) {
            s.createContext(AssistantsHandler.BASE,
                    new AssistantsHandler(assistants, defaultModel, apiKeyCheck, limits.maxBodyBytes()));
        }
        s.start();
        server = s;
    }

    /** The bound port (the chosen one when constructed with 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.getAddress().getPort();
    }

    /** Stops accepting, drops open connections and stops the worker threads. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        try {
            executor.shutdown();
            if (mediaExecutor != null) {
                mediaExecutor.shutdown();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }
}
