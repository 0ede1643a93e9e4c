package io.voicegather.server.webhook;

import io.voicegather.api.json.Json;
import io.voicegather.api.webhook.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Delivers outbox rows at least once.
 * <p>
 * Ordering: each ordering key is a <em>lane</em> with at most one event in progress (waiting for its retry time,
 * queued for a request slot, or on the wire); the next event of that key starts only after the current one is
 * delivered or given up. Lanes exist only while they have work, so idle calls cost nothing.
 * <p>
 * Memory: the database holds the backlog; a lane holds at most {@link #LANE_WINDOW} of its events in memory (the
 * one in progress and the next ones, full bodies). Further events of that key stay only in their rows, and the lane
 * counts them. When its in-memory queue runs low, the lane reads the next rows of its key after the last seq it
 * holds (a read on the outbox writer thread, queued like the bookkeeping, so it is ordered with the commits that
 * hand new rows over: a row is either in that read or handed over after it, never both, never neither).
 * So an application that is down for an hour costs a window per call, not every event of every call.
 * <p>
 * Threads: a fixed pool of {@link WebhookConfig#poolSize()} workers builds and signs requests; one timer thread
 * waits out backoff delays; the request goes out through a {@link WebhookTransport}: {@link PlainHttpTransport}'s
 * one thread for {@code http} targets, the JDK's HttpClient ({@link JdkHttpTransport}) for {@code https}. The
 * transport's thread records the outcome (queued writes, no blocking). At most {@link WebhookConfig#maxInFlight()}
 * requests are outstanding, and at most {@link WebhookConfig#maxInFlightPerTarget()} to one target
 * ({@link TargetSlots}). No thread per key or per request. Reads of a lane's next window run on the outbox writer
 * thread; the HTTP threads never touch the database.
 * <p>
 * State changes (delivered, retry counters, failed) are queued to the outbox writer and committed in groups
 * without waiting: a crash or a failed commit can lose the latest ones, which only means an event is delivered
 * again.
 * <p>
 * Lifecycle: construct on an {@link Outbox} (it attaches itself), {@link #start()} (resumes every pending row of
 * the database, oldest first, reading a window per key), {@link #close()} before closing the outbox. Events
 * emitted before {@code start()} are picked up by it from the database.
 */
public final class WebhookDispatcher implements AutoCloseable {
    public static final String USER_AGENT = "voicegather-webhooks";
    /** Query parameter that carries the URL-encoded envelope JSON when the method is GET. */
    public static final String GET_PARAMETER = "webhook";

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final long DATABASE_RETRY_MILLIS = 1_000;
    /**
     * Events of one key held in memory at most, the one in progress included. Only the head is needed while the
     * application is down; the rest lets a lane that is flowing again keep going while the next rows are read
     * (a refill is asked for at half a window, so it has four deliveries' time to come back). Eight bodies per
     * call stay small even for long conversation histories, and a refill is one indexed read of at most 8 rows.
     */
    static final int LANE_WINDOW = 8;

    private final Outbox outbox;
    private final Ed25519Signer signer;
    private final WebhookConfig config;
    private final Clock clock;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timer;
    private final PlainHttpTransport plainHttp;
    private final JdkHttpTransport https;

    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Lane> ready = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final TargetSlots<Lane> targetSlots;

    private volatile DeliveryObserver observer = DeliveryObserver.NONE;
    /** False while this node's lease is not sure to hold: a survivor may be taking its lanes (docs/cluster.md). */
    private volatile BooleanSupplier mayDeliver = () -> true;
    private final Object startLock = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    /** Highest seq read from the database by start(); offers at or below it are already queued. */
    private long loadedUpTo = Long.MAX_VALUE;

    /** A dispatcher for {@code outbox}'s events, signing with {@code signingKey}; uses the outbox's clock. */
    public WebhookDispatcher(Outbox outbox, PrivateKey signingKey, WebhookConfig config) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.signer = new Ed25519Signer(Objects.requireNonNull(signingKey, "signingKey"));
        this.config = Objects.requireNonNull(config, "config");
        this.clock = outbox.clock();
        this.workers = Executors.newFixedThreadPool(config.poolSize(), daemonThreads("webhook-worker-"));
        this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("webhook-timer-"));
        timer.setRemoveOnCancelPolicy(true); // one deadline per request, nearly all cancelled
        this.plainHttp = new PlainHttpTransport();
        this.https = new JdkHttpTransport(config.requestTimeout(), timer);
        // a lane whose target has a free slot again is simply ready: the next pump() starts it
        this.targetSlots = new TargetSlots<>(config.maxInFlightPerTarget(), ready::add);
        outbox.attach(this::offer);
    }

    public WebhookConfig config() {
        return config;
    }

    /** Told of every attempt's outcome (for metrics), on the thread that records it; must not block. */
    public interface DeliveryObserver {
        DeliveryObserver NONE = new DeliveryObserver() {
        };

        /** A 2xx, {@code recordedToDeliveredMillis} after the event was recorded. */
        default void delivered(long recordedToDeliveredMillis) {
        }

        /** An attempt failed and another is scheduled. */
        default void willRetry() {
        }

        /** The last attempt failed: the event is given up. */
        default void gaveUp() {
        }

        /**
         * One attempt of event {@code eventId} (its outbox row's id): the HTTP status, or -1 and the error when
         * none came; {@code millis} from the request's start to its status.
         */
        default void attempted(String eventId, int attempt, String url, int status, String error, long millis) {
        }

        /** The start of the body that answered attempt {@code attempt}, once read (UTF-8, at most 256 bytes). */
        default void answered(String eventId, int attempt, String excerpt) {
        }
    }

    /** Adds an observer; every observer hears of every outcome. */
    public synchronized void observe(DeliveryObserver added) {
        Objects.requireNonNull(added, "observer");
        DeliveryObserver before = observer;
        observer = before == DeliveryObserver.NONE ? added : new DeliveryObserver() {
            @Override
            public void delivered(long recordedToDeliveredMillis) {
                before.delivered(recordedToDeliveredMillis);
                added.delivered(recordedToDeliveredMillis);
            }

            @Override
            public void willRetry() {
                before.willRetry();
                added.willRetry();
            }

            @Override
            public void gaveUp() {
                before.gaveUp();
                added.gaveUp();
            }

            @Override
            public void attempted(String eventId, int attempt, String url, int status, String error, long millis) {
                before.attempted(eventId, attempt, url, status, error, millis);
                added.attempted(eventId, attempt, url, status, error, millis);
            }

            @Override
            public void answered(String eventId, int attempt, String excerpt) {
                before.answered(eventId, attempt, excerpt);
                added.answered(eventId, attempt, excerpt);
            }
        };
    }

    /**
     * Resumes every pending row (keys in the order of their oldest row) and starts the retention purge. Reads only
     * a summary per key here; each key's first window is read by the writer thread. Call once.
     */
    public void start() {
        synchronized (startLock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            List<OutboxTable.KeyBacklog> backlogs = OutboxTable.pendingBacklogs(outbox.database(), outbox.nodeId());
            long max = 0;
            long events = 0;
            for (OutboxTable.KeyBacklog b : backlogs) {
                Lane lane = new Lane(b.orderingKey());
                lane.inDatabase = b.count();
                lanes.put(b.orderingKey(), lane);
                max = Math.max(max, b.newestSeq());
                events += b.count();
            }
            loadedUpTo = max;
            started = true;
            // Queued in the order of each key's oldest row: the windows arrive, and start, oldest first.
            for (OutboxTable.KeyBacklog b : backlogs) {
                Lane lane = lanes.get(b.orderingKey());
                Refill refill;
                synchronized (lane) {
                    refill = lane.refillIfLow();
                }
                requestRefill(lane, refill);
            }
            if (!backlogs.isEmpty()) {
                log.info("resuming {} pending webhook events of {} keys", events, backlogs.size());
            }
        }
        long every = config.purgeInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            if (!closed) {
                purge();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends nothing while {@code lease} is false: a node whose lease may have run out must not send what a survivor
     * may be sending too. Lanes wait and try again a second later; nothing is counted as an attempt.
     */
    public void deliverWhile(BooleanSupplier lease) {
        mayDeliver = Objects.requireNonNull(lease, "lease");
    }

    /**
     * Takes over the lanes a claim moved to this node (after the claim committed): each is read from the database
     * in seq order, oldest lane first, as start() does. Events this node emits later for the same call (its
     * call.hangup) come after them.
     */
    public void adopt(LaneHandover taken) {
        if (!started || closed) {
            throw new IllegalStateException("adopt() needs a started dispatcher");
        }
        for (OutboxTable.KeyBacklog b : taken.backlogs()) {
            Refill[] refill = {null};
            Lane lane = lanes.compute(b.orderingKey(), (key, existing) -> {
                if (existing != null) {
                    // call ids carry their node: a live lane of this key here would be a second owner's
                    log.warn("webhook key {}: taken from node {} but already has a lane here; its taken rows wait"
                            + " for this node's next start", key, taken.from());
                    return existing;
                }
                Lane l = new Lane(key);
                synchronized (l) {
                    l.inDatabase = b.count();
                    refill[0] = l.refillIfLow();
                }
                return l;
            });
            requestRefill(lane, refill[0]);
        }
        if (taken.lanes() > 0) {
            log.info("delivering {} webhook events of {} calls taken from node {}", taken.events(), taken.lanes(),
                    taken.from());
        }
    }

    /**
     * Pending events this dispatcher is working through, in memory or waiting in the database behind their
     * lane's window, for monitoring and tests.
     */
    public int pendingCount() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                n += lane.inMemory() + lane.inDatabase;
            }
        }
        return n;
    }

    /** Events held in memory now, over all lanes: at most {@link #LANE_WINDOW} per key with work. */
    int inMemoryEntries() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            synchronized (lane) {
                n += lane.inMemory();
            }
        }
        return n;
    }

    /** Keys with work (lanes), for tests. */
    int laneCount() {
        return lanes.size();
    }

    /** Called by the outbox writer after the row is committed, in seq order. */
    void offer(OutboxEntry entry) {
        if (!started) {
            synchronized (startLock) {
                if (!started) {
                    return; // start() will read it from the database
                }
            }
        }
        if (entry.seq() <= loadedUpTo) {
            return; // committed before start() read the table: already queued
        }
        enqueue(entry);
    }

    /** A newly committed row (writer thread): into its lane's window, or counted as waiting in the database. */
    private void enqueue(OutboxEntry entry) {
        Lane[] toSchedule = {null};
        Lane[] toRefill = {null};
        Refill[] refill = {null};
        lanes.compute(entry.orderingKey(), (key, lane) -> {
            Lane l = lane != null ? lane : new Lane(key);
            toRefill[0] = l;
            synchronized (l) {
                if (entry.seq() <= l.lastSeq) {
                    return l; // already held
                }
                if (l.inDatabase == 0 && l.inMemory() < LANE_WINDOW) {
                    if (l.hold(entry)) {
                        toSchedule[0] = l;
                    }
                } else {
                    l.inDatabase++; // older rows of this key wait in the database: this one waits behind them
                    refill[0] = l.refillIfLow();
                }
            }
            return l;
        });
        if (toSchedule[0] != null) {
            schedule(toSchedule[0]);
        }
        requestRefill(toRefill[0], refill[0]);
    }

    /** The lane's current event is finished (delivered or given up): move to the next one or retire the lane. */
    private void advance(Lane lane) {
        boolean[] toSchedule = {false};
        Refill[] refill = {null};
        lanes.compute(lane.key, (key, l) -> {
            synchronized (lane) {
                lane.current = lane.queue.poll();
                refill[0] = lane.refillIfLow();
                if (lane.retired()) {
                    return null;
                }
                toSchedule[0] = lane.current != null; // else its next rows are being read
            }
            return lane;
        });
        if (toSchedule[0]) {
            schedule(lane);
        }
        requestRefill(lane, refill[0]);
    }

    /**
     * Reads the lane's next window on the writer thread. Rows committed before this read in the writer's queue
     * were counted in {@link Lane#inDatabase} when handed over and are in it; later rows are handed over after it.
     */
    private void requestRefill(Lane lane, Refill refill) {
        if (refill == null || closed) {
            return;
        }
        try {
            outbox.write(new OutboxWriter.Op() {
                List<OutboxEntry> rows = List.of();

                @Override
                public void apply(java.sql.Connection c) throws java.sql.SQLException {
                    rows = OutboxTable.pendingWindow(c, outbox.nodeId(), lane.key, refill.afterSeq(),
                            refill.limit());
                }

                @Override
                public void committed() {
                    refilled(lane, refill, rows);
                }

                @Override
                public void failed(RuntimeException e) {
                    // the writer logs the failure streak once; this read is simply asked for again
                    log.debug("webhook key {}: cannot read its next events, retrying", lane.key, e);
                    retryRefillLater(lane, refill);
                }
            });
        } catch (IllegalStateException e) {
            // the outbox is closed: the rows stay pending and the next start resumes them
            log.debug("webhook key {}: outbox closed before its next events were read", lane.key);
        }
    }

    private void retryRefillLater(Lane lane, Refill refill) {
        try {
            timer.schedule(() -> requestRefill(lane, refill), DATABASE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** The lane's next rows have been read (writer thread): hold them, start the first if the lane was idle. */
    private void refilled(Lane lane, Refill refill, List<OutboxEntry> rows) {
        boolean[] toSchedule = {false};
        Refill[] again = {null};
        lanes.compute(lane.key, (key, l) -> {
            synchronized (lane) {
                lane.refilling = false;
                int held = 0;
                for (OutboxEntry row : rows) {
                    if (row.seq() <= lane.lastSeq || lane.inMemory() >= LANE_WINDOW) {
                        continue; // cannot happen: room was reserved and nothing newer was held meanwhile
                    }
                    if (lane.hold(row)) {
                        toSchedule[0] = true;
                    }
                    held++;
                }
                // A short read is the whole rest of the key: the database, not the count, is the truth.
                boolean wholeRest = rows.size() < refill.limit() && held == rows.size();
                lane.inDatabase = wholeRest ? 0 : Math.max(0, lane.inDatabase - held);
                again[0] = lane.refillIfLow();
                if (lane.retired()) {
                    return null;
                }
            }
            return lane;
        });
        if (toSchedule[0]) {
            schedule(lane);
        }
        requestRefill(lane, again[0]);
    }

    private void schedule(Lane lane) {
        if (closed) {
            return;
        }
        long delay = lane.current().nextAttemptAt() - clock.millis();
        if (delay <= 0) {
            markReady(lane);
        } else {
            try {
                timer.schedule(() -> markReady(lane), delay, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    private void markReady(Lane lane) {
        ready.add(lane);
        pump();
    }

    /** Starts requests for ready lanes while request slots are free, overall and at the lane's target. */
    private void pump() {
        while (!closed) {
            int n = inFlight.get();
            if (n >= config.maxInFlight()) {
                return;
            }
            if (!inFlight.compareAndSet(n, n + 1)) {
                continue;
            }
            Lane lane = ready.poll();
            if (lane == null) {
                inFlight.decrementAndGet();
                if (ready.isEmpty()) {
                    return; // re-checked after giving the slot back, so a concurrent add is not stranded
                }
                continue;
            }
            String target = TargetSlots.of(lane.current().currentUrl());
            if (!targetSlots.tryAcquire(target, lane)) {
                inFlight.decrementAndGet(); // the lane waits for its target; the slot may serve another one
                continue;
            }
            if (!runOnWorker(() -> attempt(lane, target))) {
                targetSlots.release(target);
                inFlight.decrementAndGet();
                return;
            }
        }
    }

    private void attempt(Lane lane, String target) {
        OutboxEntry entry = lane.current();
        if (!mayDeliver.getAsBoolean()) {
            targetSlots.release(target);
            inFlight.decrementAndGet();
            lane.setCurrent(entry.retryAt(clock.millis() + DATABASE_RETRY_MILLIS));
            schedule(lane);
            pump();
            return;
        }
        String url = entry.currentUrl();
        int attemptNumber = entry.attempts() + 1;
        long sent = System.nanoTime();
        try {
            WebhookRequest request = buildRequest(entry, url, attemptNumber);
            WebhookTransport transport = "http".equalsIgnoreCase(request.uri().getScheme()) ? plainHttp : https;
            // The status line decides; the body (ignored) is drained in the background with a cap and a deadline.
            // The outcome is recorded right on the transport's thread: it only queues writes, never blocks.
            transport.send(request, new WebhookTransport.Listener() {
                @Override
                public void status(int code) {
                    observer.attempted(entry.eventId(), attemptNumber, url, code, null, millisSince(sent));
                    onOutcome(lane, target, entry, url, code, null);
                }

                @Override
                public void failed(Throwable error) {
                    observer.attempted(entry.eventId(), attemptNumber, url, -1, describe(error), millisSince(sent));
                    onOutcome(lane, target, entry, url, -1, error);
                }

                @Override
                public void answered(String excerpt) {
                    observer.answered(entry.eventId(), attemptNumber, excerpt);
                }
            });
        } catch (RuntimeException e) {
            // e.g. a malformed URL: counts as a failed attempt so the policy (failover, give up) still applies
            observer.attempted(entry.eventId(), attemptNumber, url, -1, describe(e), 0);
            onOutcome(lane, target, entry, url, -1, e);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private WebhookRequest buildRequest(OutboxEntry entry, String url, int attemptNumber) {
        String envelope = envelope(entry.dataJson(), attemptNumber, url);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        byte[] body = envelope.getBytes(StandardCharsets.UTF_8);
        String signature = signer.sign(timestamp, body);
        List<String> signed = List.of("User-Agent", USER_AGENT, WebhookSignature.TIMESTAMP_HEADER, timestamp,
                WebhookSignature.SIGNATURE_HEADER, signature);
        if ("GET".equals(entry.method())) {
            String separator = url.contains("?") ? "&" : "?";
            URI uri = URI.create(url + separator + GET_PARAMETER + "=" + URLEncoder.encode(envelope,
                    StandardCharsets.UTF_8));
            return new WebhookRequest("GET", uri, signed, new byte[0], config.requestTimeout());
        }
        List<String> headers = new ArrayList<>(signed.size() + 2);
        headers.add("Content-Type");
        headers.add("application/json");
        headers.addAll(signed);
        return new WebhookRequest("POST", URI.create(url), headers, body, config.requestTimeout());
    }

    /** {@code {"data":<stored data, byte-identical>,"meta":{"attempt":N,"delivered_to":"<url>"}}}. */
    static String envelope(String dataJson, int attempt, String deliveredTo) {
        return "{\"data\":" + dataJson + ",\"meta\":{\"attempt\":" + attempt + ",\"delivered_to\":"
                + Json.write(deliveredTo) + "}}";
    }

    private void onOutcome(Lane lane, String target, OutboxEntry entry, String url, int status, Throwable error) {
        try {
            if (closed) {
                return; // the row stays pending in the database and is resumed by the next start
            }
            long now = clock.millis();
            int attempts = entry.attempts() + 1;
            if (status >= 200 && status < 300) {
                boolean keep = !config.deliveredRetention().isZero();
                outbox.writeBookkeeping(c -> OutboxTable.markDelivered(outbox.database(), c, entry.seq(), attempts, now, keep));
                observer.delivered(now - entry.createdAt());
                advance(lane);
                return;
            }
            String reason = status >= 0 ? "HTTP " + status : describe(error);
            OutboxEntry next = entry.afterFailure(now, config);
            if (next == null) {
                outbox.writeBookkeeping(c -> OutboxTable.markFailed(c, entry.seq(), attempts, now, reason));
                observer.gaveUp();
                log.warn("webhook {} {} for key {} given up after {} attempts, last to {}: {}", entry.eventId(),
                        entry.method(), entry.orderingKey(), attempts, url, reason);
                advance(lane);
                return;
            }
            log.debug("webhook {} attempt {} to {} failed: {}", entry.eventId(), attempts, url, reason);
            outbox.writeBookkeeping(c -> OutboxTable.recordRetry(c, next, reason));
            observer.willRetry();
            lane.setCurrent(next);
            schedule(lane);
        } catch (RuntimeException e) {
            if (closed) {
                return;
            }
            // The outbox refused the update (closed): keep the event in memory and try the same attempt later.
            log.error("webhook {}: cannot record delivery outcome, retrying", entry.eventId(), e);
            lane.setCurrent(entry.retryAt(clock.millis() + DATABASE_RETRY_MILLIS));
            schedule(lane);
        } finally {
            targetSlots.release(target);
            inFlight.decrementAndGet();
            pump();
        }
    }

    private static String describe(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e == null) {
            return "unknown error";
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    /** Queues the deletion of finished rows past their retention; returns when it is done. */
    private CompletableFuture<Integer> purge() {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        long now = clock.millis();
        long deliveredBefore = now - config.deliveredRetention().toMillis();
        long failedBefore = now - config.failedRetention().toMillis();
        try {
            outbox.write(new OutboxWriter.Op() {
                int removed;

                @Override
                public void apply(java.sql.Connection c) throws java.sql.SQLException {
                    removed = OutboxTable.purge(c, deliveredBefore, failedBefore);
                }

                @Override
                public void committed() {
                    done.complete(removed);
                }

                @Override
                public void failed(RuntimeException e) {
                    log.warn("webhook outbox purge failed", e);
                    done.completeExceptionally(e);
                }
            });
        } catch (IllegalStateException e) {
            done.completeExceptionally(e); // outbox closed
        }
        return done;
    }

    /** Purges finished rows now (normally done every {@link WebhookConfig#purgeInterval()}); returns rows removed. */
    public int purgeNow() {
        return purge().join();
    }

    private boolean runOnWorker(Runnable task) {
        try {
            workers.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false; // closing
        }
    }

    /**
     * Stops delivering. Requests in progress are abandoned; their rows stay pending and are sent again by the next
     * start (at-least-once). Does not close the database.
     */
    @Override
    public void close() {
        synchronized (startLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        plainHttp.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        // JDK 17's HttpClient (https) cannot be closed: its selector thread is a daemon and ends once the client is
        // unreachable; a response still arriving finds closed set and leaves its row pending.
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A read of at most {@code limit} pending rows of a key after {@code afterSeq}. */
    private record Refill(long afterSeq, int limit) {
    }

    /**
     * One ordering key with work: the event in progress and those waiting behind it, at most {@link #LANE_WINDOW}
     * in memory, and a count of the key's later rows that wait only in the database. Fields guarded by this.
     */
    private static final class Lane {
        final String key;
        final ArrayDeque<OutboxEntry> queue = new ArrayDeque<>(LANE_WINDOW);
        OutboxEntry current;
        /** Highest seq this lane has held in memory; the key's rows in the database all come after it. */
        long lastSeq;
        /** Pending rows of this key after {@link #lastSeq}, not in memory. While above 0, new rows are not held. */
        int inDatabase;
        /** A read of the next rows is queued. */
        boolean refilling;

        Lane(String key) {
            this.key = key;
        }

        int inMemory() {
            return queue.size() + (current != null ? 1 : 0);
        }

        /** Holds the next event of the key in memory; true when it became the current one (schedule it). */
        boolean hold(OutboxEntry entry) {
            lastSeq = entry.seq();
            if (current == null) {
                current = entry;
                return true;
            }
            queue.add(entry);
            return false;
        }

        /** The read to ask for when the window is half empty and rows wait in the database, else null. */
        Refill refillIfLow() {
            if (refilling || inDatabase == 0 || inMemory() > LANE_WINDOW / 2) {
                return null;
            }
            refilling = true;
            return new Refill(lastSeq, LANE_WINDOW - inMemory());
        }

        /** Nothing left to do: no event in memory, none in the database, no read under way. */
        boolean retired() {
            return current == null && queue.isEmpty() && inDatabase == 0 && !refilling;
        }

        synchronized OutboxEntry current() {
            return current;
        }

        synchronized void setCurrent(OutboxEntry entry) {
            current = entry;
        }
    }
}
