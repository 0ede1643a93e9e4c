package io.voicegather.server;

import io.voicegather.server.call.CallFacts;
import io.voicegather.server.call.CallRecords;
import io.voicegather.server.call.CallRecovery;
import io.voicegather.server.cluster.DeadNodeClaims;
import io.voicegather.server.cluster.LeaseKeeper;
import io.voicegather.server.cluster.NodeLease;
import io.voicegather.server.call.CallService;
import io.voicegather.server.call.CallSettings;
import io.voicegather.server.call.MediaPromptLoader;
import io.voicegather.server.call.PromptLoader;
import io.voicegather.server.media.play.AudioFetcher;
import io.voicegather.server.media.play.AudioFetcherConfig;
import io.voicegather.server.media.play.AudioUrlGuard;
import io.voicegather.server.ai.AiProviders;
import io.voicegather.server.ai.assistants.AssistantCatalog;
import io.voicegather.server.ai.assistants.AssistantsFile;
import io.voicegather.server.ai.assistants.StoredAssistant;
import io.voicegather.server.http.AssistantDefinitionParser;
import io.voicegather.server.call.AiServices;
import io.voicegather.server.config.TtsSettings;
import io.voicegather.server.media.tts.FreeTtsEngine;
import io.voicegather.server.media.tts.HttpTtsEngine;
import io.voicegather.server.media.tts.RenderCache;
import io.voicegather.server.media.tts.TtsEngine;
import io.voicegather.server.config.ServerConfig;
import io.voicegather.server.devphone.DevPhone;
import io.voicegather.server.demo.Demo;
import io.voicegather.server.http.ApiKeys;
import io.voicegather.server.http.ApiServer;
import io.voicegather.server.http.ConsoleSources;
import io.voicegather.server.http.ApiServerLimits;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.ops.CallEventLog;
import io.voicegather.server.ops.CallEventRecorder;
import io.voicegather.server.ops.SipSummary;
import io.voicegather.server.ops.Metrics;
import io.voicegather.server.sip.SipAdmissionCounters;
import io.voicegather.server.sip.SipAdmissionSettings;
import io.voicegather.server.sip.SipServer;
import io.voicegather.server.sip.SipTimers;
import io.voicegather.server.store.Database;
import io.voicegather.server.store.Dialect;
import io.voicegather.server.store.media.MediaStore;
import io.voicegather.server.webhook.Outbox;
import io.voicegather.server.webhook.SigningKeys;
import io.voicegather.server.webhook.WebhookConfig;
import io.voicegather.server.webhook.WebhookDispatcher;
import io.voicegather.server.webhook.WriteFence;
import io.voicegather.server.webhook.WebhookTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The whole server: builds every part from a {@link ServerConfig}, starts them in data-path order and stops
 * them in reverse, so that calls are hung up (and their webhooks recorded) before the outbox closes.
 */
public final class VoicegatherServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VoicegatherServer.class);
    /** Call actors only compute (no task waits on disk or network), so one thread per core is enough. */
    private static final int STRAND_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final int PROMPT_THREADS = 4;
    private static final long DRAIN_POLL_MILLIS = 100;
    /** GET /v2/call_events: the last this many commands and webhooks of the last hour, whichever is fewer. */
    private static final int CALL_EVENTS_KEPT = 10_000;
    private static final Duration CALL_EVENTS_RETENTION = Duration.ofHours(1);
    /** Rendered speech kept in memory; more is kept on disk in the data folder, within --tts-cache-max-mb. */
    private static final long TTS_CACHE_BYTES = 64L << 20;
    /** How soon an assistant created, changed or deleted on another node of a cluster is seen here. */
    private static final Duration ASSISTANT_REFRESH = Duration.ofSeconds(2);

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    private final SigningKeys keys;
    private final List<String> apiKeys;
    private final CallService calls;
    private final MediaEngine media;
    private volatile SipServer sip; // read by the lease thread, which may start before it is set
    private final ApiServer api;
    private final DevPhone devPhone;
    private final Outbox outbox;
    private final WebhookDispatcher dispatcher;
    /** Where webhooks go when a command names no other URL: --webhook-url, the demo's, or null. */
    private final String webhookUrl;
    /** Calls are taken: from the end of the start to a drain or the beginning of the close (GET /ready). */
    private volatile boolean ready;
    private Duration drainTimeout;
    /** Completed once a drain has no call left, or its deadline passed. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private boolean draining; // guarded by this

    private VoicegatherServer(ServerConfig config) throws IOException {
        try {
            // first in, so last out: the demo still takes the webhooks of the calls hung up while the server stops
            Demo demo = config.demo() ? Demo.start() : null;
            if (demo != null) {
                toClose.push(demo);
                log.info("demo: {}", demo.describe());
            }
            webhookUrl = demo != null ? demo.webhookUrl().toString() : config.webhookUrl();
            Database database = Database.open(config.database(), config.dataDir());
            toClose.push(database);
            log.info("storage: {}", database.describe());
            ServerKeys serverKeys = ServerKeys.load(config, database, Clock.systemUTC());
            keys = serverKeys.signing();
            apiKeys = serverKeys.apiKeys();
            // SQLite: media uploads get their own connection, for the shared one's lock is the outbox writer's path
            // and an upload's statements must not queue every call's events behind them. PostgreSQL's pool already
            // gives each piece of work its own connection.
            Database mediaDatabase = database;
            if (database.dialect() == Dialect.SQLITE) {
                mediaDatabase = Database.open(config.dataDir());
                toClose.push(mediaDatabase);
            }
            MediaStore mediaStore = new MediaStore(mediaDatabase, config.dataDir());
            toClose.push(mediaStore);
            mediaStore.startPurging();
            AssistantCatalog assistants = AssistantCatalog.open(database, fileAssistants(config),
                    AssistantDefinitionParser::read, Clock.systemUTC());
            toClose.push(assistants);
            if (database.dialect() == Dialect.POSTGRESQL) {
                assistants.startRefreshing(ASSISTANT_REFRESH); // other nodes' creates, updates and deletes
            }

            // On PostgreSQL the node holds a lease (docs/cluster.md): taken before the outbox reads this node's rows,
            // released after it wrote its last ones, so that survivors take what is left at once.
            int nodeId = config.cluster().nodeId();
            NodeLease lease = null;
            if (database.dialect() == Dialect.POSTGRESQL) {
                lease = NodeLease.acquire(database, nodeId, config.cluster().lease(), Clock.systemUTC());
                toClose.push(lease::release);
            }
            outbox = new Outbox(database, Clock.systemUTC(), config.webhookMaxUncommitted(), nodeId,
                    lease != null ? lease : WriteFence.NONE);
            toClose.push(outbox);
            dispatcher = new WebhookDispatcher(outbox, keys.privateKey(),
                    webhookConfig(config));
            toClose.push(dispatcher);
            if (lease != null) {
                dispatcher.deliverWhile(lease::holds);
            }
            dispatcher.start();
            // Calls the last process never ended (a crash) get their call.hangup now, before SIP takes new calls.
            CallRecovery.hangUpCutOffCalls(database, outbox, config.connectionId(), Clock.systemUTC());
            if (lease != null) {
                LeaseKeeper keeper = new LeaseKeeper(lease, new DeadNodeClaims(database, lease, dispatcher, outbox,
                        config.connectionId(), Clock.systemUTC()), this::leaseLost);
                toClose.push(keeper);
                keeper.start();
            }
            CallRecords records = CallRecords.inOrderWith(outbox, Clock.systemUTC());

            // Packets are stamped on the clock the calls judge digits by (CallService below gets the same).
            media = new MediaEngine(InetAddress.getByName(config.sipHost()),
                    config.rtpPortMin(), config.rtpPortMax(), config.rtpTimeout(), MediaEngine.USUAL_PACKET_TIME,
                    Clock.systemUTC());
            toClose.push(media);
            media.start();

            ExecutorService strandPool = Executors.newFixedThreadPool(STRAND_THREADS, daemon("call"));
            toClose.push(strandPool::shutdown);
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, daemon("call-timers"));
            timers.setRemoveOnCancelPolicy(true); // gather timers are re-armed on every key press
            toClose.push(timers::shutdownNow);
            timers.scheduleWithFixedDelay(records::purgeEnded, 0, 10, TimeUnit.MINUTES);

            // Prompts: fetching, decoding and speech synthesis run here, never on a call's strand.
            ExecutorService promptWorkers = Executors.newFixedThreadPool(PROMPT_THREADS, daemon("prompt"));
            toClose.push(promptWorkers::shutdownNow);
            TtsEngine tts = new RenderCache(speechEngine(config.tts()), TTS_CACHE_BYTES,
                    config.dataDir().resolve("tts-cache"), config.ttsCacheMaxBytes());
            AudioUrlGuard audioUrlGuard = AudioUrlGuard.of(config.audioUrlBlockPrivate());
            AudioFetcher audioUrls = new AudioFetcher(AudioFetcherConfig.defaults(config.dataDir().resolve("audio-cache"))
                    .withDiskCacheBytes(config.audioCacheMaxBytes()), audioUrlGuard);
            toClose.push(audioUrls);
            PromptLoader prompts = new MediaPromptLoader(tts, mediaStore, audioUrls, promptWorkers);

            WebhookTarget target = webhookUrl == null ? null
                    : new WebhookTarget(webhookUrl, "POST", config.webhookFailoverUrl());
            AiProviders providers = AiProviders.from(config.ai());
            toClose.push(providers);
            log.info("voice AI: {}", providers.describe());
            AiServices ai = AiServices.offline(builtInSpeechFallback(config.tts(), mediaStore, audioUrls, promptWorkers))
                    .withProviders(providers.speechToText(), providers.languageModel())
                    .withAssistants(assistants::find);
            Metrics metrics = new Metrics();
            CallEventLog callEventLog = new CallEventLog(CALL_EVENTS_KEPT, CALL_EVENTS_RETENTION, Clock.systemUTC());
            SipSummary sipSummary = new SipSummary(CALL_EVENTS_KEPT / 10, Clock.systemUTC());
            // the recorder asks the calls about commands and new calls, which come once SIP is up, after `calls` is set
            CallEventRecorder callEvents = new CallEventRecorder(callEventLog, this::callFacts,
                    config.connectionId(), Clock.systemUTC(), sipSummary);
            calls = new CallService(media, metrics.counting(callEvents.recording(outbox)), prompts, ai, records, new CallSettings(config.advertisedHost(),
                    config.connectionId(), target, config.answerTimeout(), config.commandWait(), config.cluster().nodeId()), strandPool, timers,
                    Clock.systemUTC());
            InetAddress sipAddress = InetAddress.getByName(config.sipHost());
            warnWhenOpenToEveryone(sipAddress, config.sipAdmission());
            sip = new SipServer(sipAddress, config.sipPort(), config.advertisedHost(), calls, SipTimers.DEFAULT, null,
                    config.sipAdmission());
            toClose.push(sip);
            sip.trace(sipSummary);
            sip.takeCalls(false); // until everything is up: 503 to INVITE and OPTIONS
            sip.start();
            toClose.push(calls); // closed before SIP, so that the BYEs of a shutdown are still sent
            metrics.watch(calls, outbox, dispatcher, media, sip.admissionCounters());

            api = new ApiServer(InetAddress.getByName(config.httpHost()), config.httpPort(), calls,
                    ApiKeys.anyOf(apiKeys), keys::publicKeyBase64, ApiServerLimits.DEFAULT, mediaStore, assistants,
                    config.ai().llmModel());
            api.withOperations(metrics, () -> ready, this::drain);
            api.withCluster(config.cluster());
            api.withCallEvents(command -> {
                metrics.commandAnswered(command.name(), command.nanos());
                callEvents.answered(command);
            }, new ConsoleSources(callEventLog, outbox::replay, metrics::consoleStats, sipSummary::ofLeg));
            dispatcher.observe(callEvents); // each delivery attempt, for the console and call_events
            api.withAudioUrlGuard(audioUrlGuard);
            devPhone = startDevPhone(config, sip.port(), api);
            api.withDevPhone(() -> devPhone == null ? 0 : devPhone.port());
            toClose.push(api);
            if (devPhone != null) {
                toClose.push(devPhone); // closed before the API and the calls: its hang-ups still reach SIP
            }
            api.start();
            if (demo != null) {
                demo.serve(config.httpHost(), api.port(), apiKeys.get(0), keys.publicKeyBase64());
            }
            drainTimeout = config.drainTimeout();
            ready = true;
            sip.takeCalls(true);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Another node claimed this one (its lease ran out, e.g. the database was out of reach): its calls were reported
     * hung up and its webhooks are the claimer's now. It takes no new calls; its outbox refuses every write.
     */
    /**
     * Another node took this one's webhooks and open calls and has told the application they hung up: the calls
     * end here too (BYE, or 480 before an answer), so that no caller stays on a call the application was told is
     * over. Their own webhooks are fenced off; the survivor's call.hangup stands.
     */
    private void leaseLost() {
        ready = false;
        SipServer s = sip;
        if (s != null) {
            s.takeCalls(false);
        }
        CallService c = calls;
        if (c != null) {
            c.close();
        }
    }

    /** SIP scanners find a public address within minutes; without --sip-allow every one of them is served. */
    private static void warnWhenOpenToEveryone(InetAddress sipAddress, SipAdmissionSettings admission) {
        if (admission.allow().allowsEveryone() && !sipAddress.isLoopbackAddress()) {
            log.warn("SIP on {} takes calls from any address: set --sip-allow to the addresses of your SIP peers"
                    + " (see docs/robustness.md)", sipAddress.getHostAddress());
        }
    }

    private static List<StoredAssistant> fileAssistants(ServerConfig config) {
        if (config.ai().assistantsFile() == null) {
            return List.of();
        }
        List<StoredAssistant> read = AssistantsFile.read(config.ai().assistantsFile(), AssistantDefinitionParser::read);
        log.info("{} assistant(s) from {}", read.size(), config.ai().assistantsFile());
        return read;
    }

    /** Builds and starts everything; on failure, whatever was started is stopped again. */
    public static VoicegatherServer start(ServerConfig config) throws IOException {
        return new VoicegatherServer(config);
    }

    public int httpPort() {
        return api.port();
    }

    /** The dev phone's WebSocket port, 0 when it is off. */
    public int devPhonePort() {
        return devPhone == null ? 0 : devPhone.port();
    }

    /**
     * The dev phone, unless switched off. A developer's convenience: when its port is taken the server runs
     * without it (and says so) rather than refuse calls.
     */
    private static DevPhone startDevPhone(ServerConfig config, int sipPort, ApiServer api) throws IOException {
        if (config.devPhonePort() == 0) {
            return null;
        }
        try {
            DevPhone phone = DevPhone.start(InetAddress.getByName(config.httpHost()), config.devPhonePort(),
                    config.sipHost(), sipPort, ApiServer.CONSOLE_COOKIE, api::consoleSessionValid, api::port);
            log.info("dev phone: WebSocket on {}:{}, page at /phone", config.httpHost(), phone.port());
            if (!config.sipAdmission().allow().allows(phone.sourceAddress())) {
                log.warn("dev phone: its calls come from {}, which --sip-allow does not list: they will go unanswered",
                        phone.sourceAddress().getHostAddress());
            }
            return phone;
        } catch (java.net.BindException e) {
            log.warn("dev phone off: port {} is taken ({}); --dev-phone-port chooses another", config.devPhonePort(),
                    e.getMessage());
            return null;
        }
    }

    public int sipPort() {
        return sip.port();
    }

    /** The default webhook URL: --webhook-url, or the demo application's with --demo; null when neither. */
    public String webhookUrl() {
        return webhookUrl;
    }

    /** The raw Ed25519 public key that verifies webhooks, standard Base64. */
    public String webhookPublicKey() {
        return keys.publicKeyBase64();
    }

    public List<String> apiKeys() {
        return apiKeys;
    }

    public int activeCalls() {
        return calls.activeCalls();
    }

    /** RTP port pairs held now: one per answered call that has not ended, none for a parked call. */
    public int rtpPortsInUse() {
        return media.portsInUse();
    }

    /** What SIP admission has refused since start, and the calls waiting for an answer now. */
    public SipAdmissionCounters sipAdmissionCounters() {
        return sip.admissionCounters();
    }

    /**
     * Drains: no new calls from now on (SIP 503 to INVITE and OPTIONS, GET /ready 503), while live calls, their
     * commands and their webhooks go on. {@link #drained()} completes when no call is left and every webhook is
     * delivered (or given up), or after --drain-timeout-seconds. Returns at once; a second drain changes nothing.
     */
    public synchronized void drain() {
        if (draining) {
            return;
        }
        if (drainTimeout == null) {
            drained.complete(null); // not started: nothing to wait for
            return;
        }
        draining = true;
        ready = false;
        sip.takeCalls(false);
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        log.info("draining: no new calls; waiting up to {} s for {} live call(s) to end", drainTimeout.toSeconds(),
                calls.activeCalls());
        Thread waiter = new Thread(() -> {
            try {
                // the calls end, then their last webhooks (call.hangup) are delivered
                while ((calls.activeCalls() > 0 || webhooksPending() > 0) && System.nanoTime() < deadline) {
                    Thread.sleep(DRAIN_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("drained: {} call(s) still live, {} webhook(s) not delivered yet", calls.activeCalls(),
                    webhooksPending());
            drained.complete(null);
        }, "drain");
        waiter.setDaemon(true);
        waiter.start();
    }

    private CallFacts callFacts(String callControlId) {
        return calls.facts(callControlId);
    }

    private int webhooksPending() {
        return outbox.uncommittedCount() + dispatcher.pendingCount();
    }

    /**
     * Completes once a {@link #drain()} has no call left and their webhooks are delivered (or given up), or ran out
     * of time; never before a drain.
     */
    public CompletableFuture<Void> drained() {
        return drained;
    }

    /** Stops the HTTP API and SIP first, hangs up calls, then media, then webhook delivery and the database. */
    @Override
    public synchronized void close() {
        ready = false; // GET /ready answers 503 while the parts stop
        while (!toClose.isEmpty()) {
            AutoCloseable part = toClose.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.warn("while stopping {}: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /**
     * What a conversation says with when the configured speech server fails: the built-in voice, or null when the
     * built-in voice is already the configured one.
     */
    private PromptLoader builtInSpeechFallback(TtsSettings settings, MediaStore store, AudioFetcher urls,
                                               ExecutorService workers) {
        if (settings.builtIn()) {
            return null;
        }
        FreeTtsEngine voice = new FreeTtsEngine();
        toClose.push(voice);
        return new MediaPromptLoader(voice, store, urls, workers);
    }

    /** The configured speech server, or the built-in offline voice (closed with the server). */
    private TtsEngine speechEngine(TtsSettings settings) {
        if (settings.builtIn()) {
            FreeTtsEngine voice = new FreeTtsEngine();
            toClose.push(voice);
            return voice;
        }
        return new HttpTtsEngine(HttpTtsEngine.Config.of(java.net.URI.create(settings.url()), settings.apiKey(),
                settings.model(), settings.voice(), settings.maleVoice(), settings.femaleVoice()));
    }

    private static WebhookConfig webhookConfig(ServerConfig config) {
        WebhookConfig defaults = WebhookConfig.defaults();
        return defaults.withRequestTimeout(config.webhookTimeout())
                .withPatience(defaults.patientFirstDelay(), defaults.patientMaxDelay(), config.webhookGiveUpAfter());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
