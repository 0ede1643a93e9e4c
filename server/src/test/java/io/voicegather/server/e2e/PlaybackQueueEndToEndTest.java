package io.voicegather.server.e2e;

import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playback queue of docs/prompts.md over real SIP and RTP (SIPp phones): loop, queueing, playback_stop current
 * and all, speak and playback sharing the queue, and a hangup during a playback. Prompts come from a local HTTP
 * server so that each webhook names its prompt by media_url. Order is what the call's webhook lane delivered (one
 * lane per call, so arrival order is emission order); time is only ever bounded from below.
 */
class PlaybackQueueEndToEndTest {
    private static final int SHORT_MS = 400;

    @TempDir
    static Path serverDir;
    static E2eServer server;
    static HttpServer files;
    static String base;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        Sipp.requirePcapPlayback();
        server = E2eServer.start(serverDir, 40);
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        serve("/short-a.wav", PromptAudio.tone(600, SHORT_MS));
        serve("/short-b.wav", PromptAudio.tone(900, SHORT_MS));
        serve("/short-c.wav", PromptAudio.tone(1200, SHORT_MS));
        serve("/long.wav", PromptAudio.tone(1000, 15_000));
        files.start();
        base = "http://127.0.0.1:" + files.getAddress().getPort();
    }

    private static void serve(String path, short[] pcm) {
        byte[] wav = PromptAudio.wav(pcm);
        files.createContext(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, wav.length);
            ex.getResponseBody().write(wav);
            ex.close();
        });
    }

    @AfterAll
    static void stop() {
        if (files != null) {
            files.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void signaturesWereAllValid() {
        server.assertAllSignaturesValid();
    }

    @Test
    void aLoopedPlaybackCompletesAfterAllItsPlays() throws Exception {
        try (Sipp.Running phone = call("q-loop")) {
            String id = answered("q-loop");
            server.command(id, "playback_start", play("short-a").put("loop", 3));

            WebhookReceiver.Event ended = awaitNth(id, "call.playback.ended", 1);
            WebhookReceiver.Event started = server.await("call.playback.started", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("completed");
            assertThat(labels(id)).containsExactly("playback.started short-a", "playback.ended short-a completed");
            long playedMs = Duration.between(occurredAt(started), occurredAt(ended)).toMillis();
            System.out.printf("loop 3 of %d ms: ended %d ms after started%n", SHORT_MS, playedMs);
            assertThat(playedMs).as("three plays of %d ms", SHORT_MS).isGreaterThanOrEqualTo(3 * SHORT_MS - 100);
            finish(id, phone);
        }
    }

    @Test
    void queuedPlaybacksPlayOneAfterTheOther() throws Exception {
        try (Sipp.Running phone = call("q-queue")) {
            String id = answered("q-queue");
            server.command(id, "playback_start", play("short-a"));
            server.command(id, "playback_start", play("short-b"));

            awaitNth(id, "call.playback.ended", 2);
            assertThat(labels(id)).containsExactly(
                    "playback.started short-a", "playback.ended short-a completed",
                    "playback.started short-b", "playback.ended short-b completed");
            finish(id, phone);
        }
    }

    @Test
    void stopCurrentCancelsWhatPlaysAndTheNextStarts() throws Exception {
        try (Sipp.Running phone = call("q-current")) {
            String id = answered("q-current");
            server.command(id, "playback_start", play("long"));
            server.command(id, "playback_start", play("short-a"));
            server.await("call.playback.started", id);

            server.command(id, "playback_stop", body().put("stop", "current"));

            awaitNth(id, "call.playback.ended", 2);
            assertThat(labels(id)).containsExactly(
                    "playback.started long", "playback.ended long cancelled",
                    "playback.started short-a", "playback.ended short-a completed");
            finish(id, phone);
        }
    }

    @Test
    void stopAllCancelsWhatPlaysAndEverythingQueued() throws Exception {
        try (Sipp.Running phone = call("q-all")) {
            String id = answered("q-all");
            server.command(id, "playback_start", play("long"));
            server.command(id, "playback_start", play("short-a"));
            server.command(id, "playback_start", play("short-b"));
            server.await("call.playback.started", id);

            server.command(id, "playback_stop", body()); // stop defaults to all
            awaitNth(id, "call.playback.ended", 3);
            // a later playback plays next: had a dropped item survived, it would have started before this one
            server.command(id, "playback_start", play("short-c"));
            awaitNth(id, "call.playback.ended", 4);

            assertThat(labels(id)).containsExactly(
                    "playback.started long", "playback.ended long cancelled",
                    "playback.ended short-a cancelled", "playback.ended short-b cancelled",
                    "playback.started short-c", "playback.ended short-c completed");
            finish(id, phone);
        }
    }

    @Test
    void speakAndPlaybackShareTheQueueInOrder() throws Exception {
        try (Sipp.Running phone = call("q-speak")) {
            String id = answered("q-speak");
            server.command(id, "speak", body().put("payload", "Hello there.").put("voice", "female"));
            server.command(id, "playback_start", play("short-a"));

            awaitNth(id, "call.playback.ended", 1);
            assertThat(labels(id)).containsExactly(
                    "speak.started", "speak.ended completed",
                    "playback.started short-a", "playback.ended short-a completed");
            finish(id, phone);
        }
    }

    @Test
    void aHangupDuringAPlaybackEndsItWithCallHangupFirst() throws Exception {
        // the phone hangs up by itself 6 s after its ACK, while an endless playback plays
        try (Sipp.Running phone = SippCaller.hangingUpAfter(server, dir, "q-hangup",
                SippCaller.keys().silence(500), Duration.ofSeconds(6))) {
            String id = answered("q-hangup");
            server.command(id, "playback_start", play("short-a").put("loop", "infinity"));
            server.await("call.playback.started", id);

            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("caller");
            List<String> types = server.events(id).stream().map(WebhookReceiver.Event::eventType)
                    .filter(t -> t.startsWith("call.playback") || t.equals("call.hangup")).toList();
            assertThat(types).containsExactly("call.playback.started", "call.playback.ended", "call.hangup");
            assertThat(server.events(id, "call.playback.ended").get(0).payload().path("status").asText())
                    .isEqualTo("call_hangup");
            SippCaller.assertSucceeded(phone.await(), 1);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A SIPp phone that sends key 1 after the lead silence (so the app knows its media runs) and awaits our BYE. */
    private Sipp.Running call(String caller) throws IOException {
        return SippCaller.waitingForBye(server, dir, caller, SippCaller.keys().digits("1"));
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode play(String name) {
        return body().put("audio_url", base + "/" + name + ".wav");
    }

    private static String answered(String caller) throws Exception {
        String id = server.awaitInitiated(caller).callControlId();
        server.answer(id);
        return id;
    }

    /** The app hangs up (after the phone's key showed SIPp is past its post-ACK pause) and the phone sees our BYE. */
    private static void finish(String id, Sipp.Running phone) throws Exception {
        server.awaitDigit(id, '1');
        server.hangup(id);
        server.await("call.hangup", id);
        SippCaller.assertSucceeded(phone.await(), 1);
    }

    /** The playback and speak webhooks of the call, as "playback.ended short-a completed". */
    private static List<String> labels(String id) {
        Predicate<String> prompt = t -> t.startsWith("call.playback.") || t.startsWith("call.speak.");
        return server.events(id).stream().filter(e -> prompt.test(e.eventType())).map(e -> {
            String label = e.eventType().substring("call.".length());
            String url = e.payload().path("media_url").asText("");
            if (!url.isEmpty()) {
                label += " " + url.substring(url.lastIndexOf('/') + 1).replace(".wav", "");
            }
            String status = e.payload().path("status").asText("");
            return status.isEmpty() ? label : label + " " + status;
        }).toList();
    }

    /** The n-th (1-based) event of this type on the call, waiting for it. */
    private static WebhookReceiver.Event awaitNth(String id, String type, int n) throws Exception {
        long deadline = System.nanoTime() + E2eServer.WAIT.toNanos();
        while (server.events(id, type).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<WebhookReceiver.Event> events = server.events(id, type);
        assertThat(events).as(type + " events; all: " + labels(id)).hasSizeGreaterThanOrEqualTo(n);
        return events.get(n - 1);
    }

    private static Instant occurredAt(WebhookReceiver.Event e) {
        return Instant.parse(e.root().path("data").path("occurred_at").asText());
    }
}
