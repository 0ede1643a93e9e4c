package io.voicegather.bench.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.api.json.Json;
import io.voicegather.server.JvmDefaults;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.webhook.Outbox;
import io.voicegather.server.webhook.OutgoingEvent;
import io.voicegather.server.webhook.SigningKeys;
import io.voicegather.server.webhook.WebhookConfig;
import io.voicegather.server.webhook.WebhookDispatcher;
import io.voicegather.server.webhook.WebhookTarget;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Webhook throughput of the real event path: events shaped like call.dtmf.received are recorded through the
 * {@link Outbox} on a real SQLite database in DATA_DIR (or the empty PostgreSQL database named by the environment
 * variable VOICEGATHER_DATABASE_URL, with _USER and _PASSWORD) and delivered by the {@link WebhookDispatcher} (default
 * configuration) to a {@link SignatureCheckingReceiver} in a separate JVM, which verifies every signature and each
 * call's order. Calls are interleaved: event n of every call, then event n+1. A warm-up round of the same size on other
 * calls runs first and is not counted, so that JIT compilation is not taken for delivery cost.
 * <p>
 * Prints the emit cost on the emitting threads, the emit-to-commit time (a probe flushes every 5 ms), this JVM's CPU
 * per delivered event (process CPU time, and per thread group from ThreadMXBean; "JVM (GC, JIT)" is the process
 * time no Java thread accounts for), the receiver's counts, and last
 * {@code deliveries/s: N  p50: X ms  p99: Y ms}: events over the time from the first record to the last 2xx, and
 * the time from each event's record to its 2xx (the outbox's created_at and finished_at). Exits 1 on a bad
 * signature, an order violation or a missing event.
 *
 * <pre>WebhookThroughput DATA_DIR CALLS EVENTS_PER_CALL [EVENTS_PER_SECOND]   (0 or absent: as fast as possible)</pre>
 */
public final class WebhookThroughput {
    private static final int EMITTER_THREADS = 4;
    private static final String WARMUP_PREFIX = "warmup-";
    private static final String MEASURED = " AND ordering_key NOT LIKE '" + WARMUP_PREFIX + "%'";

    private WebhookThroughput() {
    }

    public static void main(String[] args) throws Exception {
        JvmDefaults.apply(); // as the server does: responses completed on the common pool, not a thread each
        if (args.length < 3) {
            System.err.println("usage: WebhookThroughput DATA_DIR CALLS EVENTS_PER_CALL [EVENTS_PER_SECOND]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        int calls = Integer.parseInt(args[1]);
        int perCall = Integer.parseInt(args[2]);
        double rate = args.length > 3 ? Double.parseDouble(args[3]) : 0;
        int events = calls * perCall;

        SigningKeys keys = SigningKeys.loadOrCreate(dataDir);
        Process receiver = startReceiver(keys.publicKeyBase64());
        int exit;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(),
                StandardCharsets.UTF_8))) {
            String port = out.readLine().substring("LISTENING ".length());
            String base = "http://127.0.0.1:" + port;
            exit = run(dataDir, keys, base, calls, perCall, rate, events, receiver.toHandle());
        } finally {
            receiver.destroyForcibly();
        }
        System.exit(exit);
    }

    private static int run(Path dataDir, SigningKeys keys, String base, int calls, int perCall, double rate,
                           int events, ProcessHandle receiver) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        DatabaseSettings settings = databaseFromEnvironment();
        System.out.println("database: " + settings.describe());
        try (Database db = Database.open(settings, dataDir);
             Outbox outbox = new Outbox(db);
             WebhookDispatcher dispatcher = new WebhookDispatcher(outbox, keys.privateKey(), WebhookConfig.defaults())) {
            dispatcher.start();
            WebhookTarget target = new WebhookTarget(base + "/hooks", "POST", null);
            Instant firstOccurredAt = Instant.now();
            // Warm-up: the same path on other calls, so that JIT compilation is not counted as delivery cost.
            int warmupCalls = calls;
            ExecutorService warmupPool = Executors.newFixedThreadPool(EMITTER_THREADS);
            awaitDelivered(outbox, dispatcher, emitAll(outbox, target, callIds(WARMUP_PREFIX, warmupCalls), perCall,
                    rate, firstOccurredAt, warmupPool));
            warmupPool.shutdown();

            List<String> callIds = callIds("v3:", calls);
            Map<String, Long> cpuBefore = cpuByGroup(threads);
            Map<String, Long> vmCpuBefore = vmThreadCpu();
            long processCpuBefore = os.getProcessCpuTime();
            long receiverCpuBefore = cpuNanos(receiver);
            long commitsBefore = outbox.commitCount();
            long start = System.nanoTime();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(EMITTER_THREADS + 1, r -> new Thread(r, "bench-emitter"));
            Future<List<Long>> probe = pool.submit(() -> commitProbe(outbox, running));
            List<Long> emitNanos = emitAll(outbox, target, callIds, perCall, rate, firstOccurredAt, pool);
            awaitDelivered(outbox, dispatcher, emitNanos);
            long elapsed = System.nanoTime() - start;
            long processCpu = os.getProcessCpuTime() - processCpuBefore;
            long receiverCpu = cpuNanos(receiver) - receiverCpuBefore;
            long commits = outbox.commitCount() - commitsBefore;
            Map<String, Long> cpuAfter = cpuByGroup(threads);
            Map<String, Long> vmCpuAfter = vmThreadCpu();
            running.set(false);
            List<Long> commitNanos = probe.get();
            pool.shutdown();
            outbox.flush(); // the last delivered marks

            List<Long> recordToOk = recordToOk(db);
            String stats = receiverStats(base);

            System.out.printf("events: %d (%d calls x %d), %s%n", events, calls, perCall,
                    rate > 0 ? "offered at " + (long) rate + "/s" : "offered as fast as possible");
            System.out.printf("emit on the calling thread: p50 %.1f us  p99 %.1f us  max %.1f us%n",
                    at(emitNanos, 0.50) / 1e3, at(emitNanos, 0.99) / 1e3, at(emitNanos, 1.0) / 1e3);
            System.out.printf("emit to commit (probe, n=%d): p50 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                    commitNanos.size(), at(commitNanos, 0.50) / 1e6, at(commitNanos, 0.99) / 1e6,
                    at(commitNanos, 1.0) / 1e6);
            System.out.printf("outbox commits: %d (%.2f per delivered event)%n", commits, (double) commits / events);
            System.out.printf("sender CPU: %.3f ms per delivered event (%.0f %% of one core over %.2f s)%n",
                    processCpu / 1e6 / events, 100.0 * processCpu / elapsed, elapsed / 1e9);
            long javaThreads = 0;
            for (Map.Entry<String, Long> e : cpuAfter.entrySet()) {
                long used = e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
                javaThreads += used;
                if (used > processCpu / 200) {
                    System.out.printf("  %-40s %.3f ms/event%n", e.getKey(), used / 1e6 / events);
                }
            }
            System.out.printf("  %-40s %.3f ms/event%n", "JVM (GC, JIT)", (processCpu - javaThreads) / 1e6 / events);
            for (Map.Entry<String, Long> e : vmCpuAfter.entrySet()) {
                long used = e.getValue() - vmCpuBefore.getOrDefault(e.getKey(), 0L);
                if (used > processCpu / 200) {
                    System.out.printf("    %-38s %.3f ms/event%n", e.getKey(), used / 1e6 / events);
                }
            }
            long compilers = vmCpuAfter.entrySet().stream().filter(e -> e.getKey().startsWith("C"))
                    .mapToLong(e -> e.getValue() - vmCpuBefore.getOrDefault(e.getKey(), 0L)).sum();
            System.out.printf("sender CPU without the JIT compiler threads: %.3f ms per delivered event%n",
                    (processCpu - compilers) / 1e6 / events);
            System.out.printf("receiver JVM CPU (same machine): %.3f ms per delivered event%n",
                    receiverCpu / 1e6 / events);
            System.out.println("receiver: " + stats);

            int status = 0;
            if (!stats.contains(" bad_signatures=0 ") || !stats.contains(" order_violations=0 ")) {
                System.out.println("FAILED: bad signature or order violation");
                status = 1;
            }
            if (!stats.contains("min_per_call=" + perCall + " ") || !stats.contains(" calls=" + (calls + warmupCalls) + " ")
                    || recordToOk.size() != events) {
                System.out.println("FAILED: events missing (" + recordToOk.size() + " delivered rows)");
                status = 1;
            }
            double seconds = (Collections.max(finishedAt(db)) - Collections.min(createdAt(db))) / 1e3;
            System.out.printf("deliveries/s: %d  p50: %d ms  p99: %d ms%n", Math.round(events / seconds),
                    at(recordToOk, 0.50), at(recordToOk, 0.99));
            return status;
        }
    }

    /** Emits every event of the calls on EMITTER_THREADS threads of {@code pool}; returns each emit's duration. */
    private static List<Long> emitAll(Outbox outbox, WebhookTarget target, List<String> callIds, int perCall,
                                      double rate, Instant firstOccurredAt, ExecutorService pool) throws Exception {
        List<Future<List<Long>>> emitters = new ArrayList<>();
        for (int t = 0; t < EMITTER_THREADS; t++) {
            int thread = t;
            emitters.add(pool.submit(() -> emit(outbox, target, callIds, perCall, thread, rate, firstOccurredAt)));
        }
        List<Long> emitNanos = new ArrayList<>();
        for (Future<List<Long>> f : emitters) {
            emitNanos.addAll(f.get());
        }
        return emitNanos;
    }

    /** Polls until everything emitted is committed and delivered; returns its argument. */
    private static List<Long> awaitDelivered(Outbox outbox, WebhookDispatcher dispatcher, List<Long> emitted)
            throws InterruptedException {
        while (outbox.uncommittedCount() > 0 || dispatcher.pendingCount() > 0) {
            Thread.sleep(10);
        }
        return emitted;
    }

    private static List<String> callIds(String prefix, int calls) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            ids.add(prefix + UUID.randomUUID().toString().replace("-", "") + c);
        }
        return ids;
    }

    /** This thread's share of the calls, event n of each before event n+1; returns each emit's duration. */
    private static List<Long> emit(Outbox outbox, WebhookTarget target, List<String> callIds, int perCall,
                                   int thread, double rate, Instant firstOccurredAt) {
        List<Long> nanos = new ArrayList<>();
        long interval = rate > 0 ? (long) (1e9 * EMITTER_THREADS / rate) : 0;
        long due = System.nanoTime();
        for (int n = 0; n < perCall; n++) {
            for (int c = thread; c < callIds.size(); c += EMITTER_THREADS) {
                if (interval > 0) {
                    due += interval;
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                OutgoingEvent event = new OutgoingEvent(callIds.get(c), "call.dtmf.received",
                        dtmfPayload(callIds.get(c), n), firstOccurredAt.plusMillis(n), target);
                long t = System.nanoTime();
                outbox.emit(event);
                nanos.add(System.nanoTime() - t);
            }
        }
        return nanos;
    }

    private static ObjectNode dtmfPayload(String callControlId, int n) {
        ObjectNode p = Json.object();
        p.put("call_control_id", callControlId);
        p.put("call_leg_id", "2dc6fc34-f9e0-11ea-b68e-02420a0f6468");
        p.put("call_session_id", "2dc1b3c8-f9e0-11ea-bc5a-02420a0f6468");
        p.put("connection_id", "1");
        p.put("client_state", "YW5zd2VyZWQ=");
        p.put("from", "+15555550100");
        p.put("to", "+15555550199");
        p.put("digit", Integer.toString(n % 10));
        return p;
    }

    /** Times a flush every 5 ms while the run lasts: how long a just-emitted event waits for its commit. */
    private static List<Long> commitProbe(Outbox outbox, AtomicBoolean running) throws InterruptedException {
        List<Long> nanos = new ArrayList<>();
        while (running.get()) {
            long t = System.nanoTime();
            outbox.flush();
            nanos.add(System.nanoTime() - t);
            Thread.sleep(5);
        }
        return nanos;
    }

    /** CPU time of each live thread group (name with its numbers blanked), in nanoseconds. */
    private static Map<String, Long> cpuByGroup(ThreadMXBean threads) {
        Map<String, Long> out = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                out.merge(info.getThreadName().replaceAll("\\d+", "#"), cpu, Long::sum);
            }
        }
        return out;
    }

    /**
     * CPU time of the JVM's own threads (GC, compilers, VM thread), which ThreadMXBean does not see, from
     * /proc/self/task (Linux; 10 ms ticks); empty elsewhere.
     */
    private static Map<String, Long> vmThreadCpu() {
        Map<String, Long> out = new TreeMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return out;
        }
        for (File task : tasks) {
            try {
                String name = Files.readString(task.toPath().resolve("comm")).trim();
                if (!name.matches("(GC|G1|C1|C2|VM|JFR).*")) {
                    continue;
                }
                String stat = Files.readString(task.toPath().resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                out.merge(name.replaceAll("\\d+", "#"), ticks * 10_000_000L, Long::sum);
            } catch (IOException | RuntimeException e) {
                // the thread ended meanwhile
            }
        }
        return out;
    }

    /** SQLite in DATA_DIR, or the PostgreSQL database of VOICEGATHER_DATABASE_URL (_USER, _PASSWORD), empty. */
    private static DatabaseSettings databaseFromEnvironment() {
        Map<String, String> env = System.getenv();
        String url = env.get("VOICEGATHER_DATABASE_URL");
        return url == null || url.isBlank() ? DatabaseSettings.EMBEDDED
                : new DatabaseSettings(url, env.get("VOICEGATHER_DATABASE_USER"), env.get("VOICEGATHER_DATABASE_PASSWORD"));
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    private static List<Long> recordToOk(Database db) {
        return column(db, "SELECT finished_at - created_at FROM webhook_outbox WHERE state = 'delivered'"
                + MEASURED);
    }

    private static List<Long> createdAt(Database db) {
        return column(db, "SELECT created_at FROM webhook_outbox WHERE 1 = 1" + MEASURED);
    }

    private static List<Long> finishedAt(Database db) {
        return column(db, "SELECT finished_at FROM webhook_outbox WHERE state = 'delivered'" + MEASURED);
    }

    private static List<Long> column(Database db, String sql) {
        return db.withConnection(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    private static String receiverStats(String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        return client.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Process startReceiver(String publicKeyBase64) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SignatureCheckingReceiver.class.getName(), publicKeyBase64)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static long at(List<Long> values, double q) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) (q * sorted.size())));
    }
}
