package io.voicegather.bench.turn;

import io.voicegather.server.ai.ProviderHttp;
import io.voicegather.api.command.AnswerCommand;
import io.voicegather.api.command.CommandMeta;
import io.voicegather.api.command.ai.AiAssistant;
import io.voicegather.api.command.ai.AiAssistantStartCommand;
import io.voicegather.server.ai.vad.VadSettings;
import io.voicegather.server.call.AiServices;
import io.voicegather.server.call.CallRecords;
import io.voicegather.server.call.CallService;
import io.voicegather.server.call.CallSettings;
import io.voicegather.server.call.MediaPromptLoader;
import io.voicegather.server.call.PromptLoader;
import io.voicegather.server.media.MediaEngine;
import io.voicegather.server.media.tts.FreeTtsEngine;
import io.voicegather.server.media.tts.RenderCache;
import io.voicegather.server.webhook.WebhookTarget;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.stream.Stream;

/**
 * Voice AI turn latency that the server adds: from the caller's end of speech to the first RTP packet of the
 * assistant's reply, with zero-cost providers.
 *
 * <p>The server's real call layer runs in-process ({@link CallService} with its media engine, strands, timers,
 * conversation starter, voice activity detector, assistant brain, prompt loader, render cache and built-in voice,
 * configured as the server configures them). Calls are offered to it as SIP would ({@code onInvite} with an SDP
 * offer), answered and given {@code ai_assistant_start} through its command interface, and their audio is real RTP on
 * loopback: simulated callers send speech and silence at the 20 ms pace and receive the server's packets. Only SIP
 * message parsing, the REST layer and the durable webhook outbox are left out.
 *
 * <pre>
 * TurnLatency [--calls N] [--turns T] [--voice cached|render] [--warmup-turns W] [--max-seconds S] [--rtp-port P]
 *             [--tts-sentence-ms M]
 * </pre>
 * {@code cached}: every caller gets the same reply text each turn, so speech comes from the render cache (after a
 * caller's first turn). {@code render}: a new text every turn, so every reply is rendered by the built-in voice.
 * {@code --tts-sentence-ms M}: the model answers three sentences and the voice takes M ms per sentence it is given
 * ({@link SlowVoice}, like a remote speech server), to show that the caller waits for the first sentence only.
 */
public final class TurnLatency {
    /** As the server is built (VoicegatherServer): strand, prompt and voice pools, render cache budget. */
    private static final int STRAND_THREADS = 64;
    private static final int PROMPT_THREADS = 4;
    private static final long TTS_CACHE_BYTES = 64L << 20;
    /** 0.8 s of speech per caller turn. */
    private static final int SPEECH_PACKETS = 40;
    /** A caller's turn cycle is about this long (speech, hangover, reply, pause): callers are spread over it. */
    private static final long CYCLE_NANOS = 2_800_000_000L;

    private TurnLatency() {
    }

    public static void main(String[] args) throws Exception {
        int calls = 10;
        int turns = 200;
        boolean render = false;
        int warmupTurns = 2;
        int maxSeconds = 300;
        int rtpPort = 42000;
        long sentenceMillis = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--turns" -> turns = Integer.parseInt(args[++i]);
                case "--voice" -> render = switch (args[++i]) {
                    case "cached" -> false;
                    case "render" -> true;
                    default -> throw new IllegalArgumentException("--voice cached|render");
                };
                case "--warmup-turns" -> warmupTurns = Integer.parseInt(args[++i]);
                case "--max-seconds" -> maxSeconds = Integer.parseInt(args[++i]);
                case "--rtp-port" -> rtpPort = Integer.parseInt(args[++i]);
                case "--tts-sentence-ms" -> sentenceMillis = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("usage: TurnLatency [--calls N] [--turns T] [--voice cached|render]"
                            + " [--warmup-turns W] [--max-seconds S] [--rtp-port P] [--tts-sentence-ms M]");
                    System.exit(2);
                }
            }
        }
        if (calls < 1 || calls > CallerTag.MAX_CALLERS) {
            throw new IllegalArgumentException("--calls must be 1.." + CallerTag.MAX_CALLERS);
        }
        run(calls, turns, render, warmupTurns, maxSeconds, rtpPort, sentenceMillis);
    }

    private static void run(int callCount, int turnTarget, boolean render, int warmupTurns, int maxSeconds,
                            int rtpPort, long sentenceMillis) throws Exception {
        boolean slowVoice = sentenceMillis > 0;
        VadSettings vad = VadSettings.defaults();
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < callCount; i++) {
            callers.add(new Caller(i));
        }
        Map<String, Caller> replyOwners = new ConcurrentHashMap<>();
        Path work = Files.createTempDirectory("turn-latency");
        String loadBefore = loadAverage();

        FreeTtsEngine voice = new FreeTtsEngine();
        RenderCache tts = new RenderCache(voice, TTS_CACHE_BYTES, work.resolve("tts-cache"));
        ExecutorService promptWorkers = Executors.newFixedThreadPool(PROMPT_THREADS, ProviderHttp.daemonThreads("prompt"));
        PromptLoader loader = new MediaPromptLoader(tts, null, null, promptWorkers);
        TimedPromptLoader prompts = new TimedPromptLoader(slowVoice ? new SlowVoice(loader, sentenceMillis) : loader,
                replyOwners);
        MediaEngine media = new MediaEngine(InetAddress.getByName("127.0.0.1"), rtpPort, rtpPort + 2 * callCount + 400,
                Duration.ofMinutes(10));
        media.start();
        ExecutorService strandPool = Executors.newFixedThreadPool(STRAND_THREADS, ProviderHttp.daemonThreads("call"));
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, ProviderHttp.daemonThreads("call-timers"));
        timers.setRemoveOnCancelPolicy(true);
        MemoryWebhookSink webhooks = new MemoryWebhookSink();
        AiServices ai = AiServices.offline(null).withProviders(Optional.of(new InstantTranscriber(callers)),
                Optional.of(new InstantLanguageModel(callers, render, replyOwners, slowVoice)));
        CallService service = new CallService(media, webhooks, prompts, ai, CallRecords.NONE,
                new CallSettings("127.0.0.1", "turn-latency",
                        new WebhookTarget("http://127.0.0.1:9/not-delivered", "POST", null), Duration.ofSeconds(60)),
                strandPool, timers, Clock.systemUTC());
        CallerFleet fleet = new CallerFleet(callers, SpeechClip.packets(SPEECH_PACKETS, 42), vad.endFrames(),
                warmupTurns, slowVoice ? 3 : 1, sentenceMillis * 1_000_000L);
        fleet.start();
        try {
            for (Caller caller : callers) {
                connect(service, webhooks, fleet, caller);
                caller.speakAt = System.nanoTime() + 1_000_000_000L + caller.index * CYCLE_NANOS / callCount;
            }
            long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
            long nextReport = System.nanoTime() + 10_000_000_000L;
            while (fleet.measured().size() < turnTarget && System.nanoTime() < deadline) {
                Thread.sleep(200);
                if (System.nanoTime() > nextReport) {
                    System.err.printf("... %d turns measured, %d failed%n", fleet.measured().size(),
                            fleet.failedTurns());
                    nextReport += 10_000_000_000L;
                }
            }
        } finally {
            fleet.close();
        }
        String loadAfter = loadAverage();
        long skippedTicks = media.skippedTicks();
        report(callCount, render, sentenceMillis, vad, warmupTurns, fleet, tts, prompts, webhooks, skippedTicks,
                loadBefore, loadAfter);

        service.close();
        media.close();
        strandPool.shutdownNow();
        timers.shutdownNow();
        promptWorkers.shutdownNow();
        voice.close();
        deleteTree(work);
    }

    private static void connect(CallService service, MemoryWebhookSink webhooks, CallerFleet fleet, Caller caller)
            throws Exception {
        String user = "caller" + caller.index;
        BenchInviteSession session = new BenchInviteSession(user, fleet.localPort());
        service.onInvite(session);
        String callControlId = webhooks.awaitCallControlId(user);
        service.answer(callControlId, new AnswerCommand(CommandMeta.NONE, null, null));
        fleet.connected(caller, new InetSocketAddress("127.0.0.1", session.answeredRtpPort()));
        service.aiAssistantStart(callControlId, new AiAssistantStartCommand(CommandMeta.NONE,
                new AiAssistant("turn-latency", null, null, InstantLanguageModel.INSTRUCTIONS + caller.index, null,
                        null, null, null),
                null, null, null, false, true, null, null, null));
    }

    private static void report(int callCount, boolean render, long sentenceMillis, VadSettings vad, int warmupTurns, CallerFleet fleet,
                               RenderCache tts, TimedPromptLoader prompts, MemoryWebhookSink webhooks, long skippedTicks, String loadBefore,
                               String loadAfter) {
        List<Turn> all = new ArrayList<>(fleet.measured());
        List<Turn> good = all.stream().filter(t -> t.complete() && t.ordered()).toList();
        long incomplete = all.stream().filter(t -> !t.complete()).count();
        long disordered = all.stream().filter(t -> t.complete() && !t.ordered()).count();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n## %d concurrent call(s), %s%s%n%n", callCount,
                render ? "built-in voice render (a new reply text every turn)" : "cached prompt",
                sentenceMillis > 0 ? String.format(Locale.ROOT, "; a 3-sentence reply, the voice taking %d ms per "
                        + "sentence (the whole reply would take %d ms)", sentenceMillis, 3 * sentenceMillis) : ""));
        out.append(String.format(Locale.ROOT,
                "turns measured: %d (first %d of each call left out); failed (no reply in 15 s): %d; "
                        + "not attributable: %d; out of order: %d; speech not attributed to a turn: %d%n",
                good.size(), warmupTurns, fleet.failedTurns(), incomplete, disordered, prompts.unattributed()));
        out.append(String.format(Locale.ROOT,
                "VAD end hangover (configured, not measured): %d frames x 20 ms = %d ms%n",
                vad.endFrames(), vad.endFrames() * 20));
        out.append(String.format(Locale.ROOT,
                "render cache: %d renders, %d memory hits; media clock skipped ticks: %d; caller sender late ticks: %d%n",
                tts.renders(), tts.memoryHits(), skippedTicks, fleet.lateSenderTicks()));
        out.append("webhooks recorded: ").append(webhooks.counts()).append('\n');
        out.append("load average before / after: ").append(loadBefore).append(" / ").append(loadAfter).append("\n\n");
        out.append(new LatencyTable(good)
                .add("(2a) decisive packet sent → recogniser called", t -> t.sttCalled - t.decisiveSent)
                .add("(2b) recogniser → model called", t -> t.llmCalled - t.sttCalled)
                .add("(2c) model → speech asked for", t -> t.renderCalled - t.llmCalled)
                .add("**(2) end-of-utterance decision → reply**", t -> t.renderCalled - t.decisiveSent)
                .add("(3a) speech asked for → audio ready", t -> t.renderDone - t.renderCalled)
                .add("(3b) audio ready → first reply packet received", t -> t.firstReplyPacket() - t.renderDone)
                .add("**(3) reply → first reply packet**", t -> t.firstReplyPacket() - t.renderCalled)
                .add("**(2)+(3) server-added turn latency**", t -> t.firstReplyPacket() - t.decisiveSent)
                .markdown());
        System.out.print(out);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
