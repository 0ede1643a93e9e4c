package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.DtmfTones;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompts over real SIP and RTP: spoken prompts the caller interrupts with keys, playback and speak with their
 * webhooks, and keys sent as in-band tones instead of RFC 4733 events.
 */
class PromptEndToEndTest {
    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(40);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void keysInterruptASpokenPromptAndAreGathered() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "speakgather",
                SippCaller.keys().digits("42#"))) {
            String id = answered("speakgather");
            // far longer than the lead silence: the keys arrive while it is still being spoken
            server.command(id, "gather_using_speak", body()
                    .put("payload", "Welcome. Please enter your account number, followed by the pound key. "
                            + "If you do not know your account number, please stay on the line.")
                    .put("voice", "female").put("maximum_digits", 10));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).isEqualTo("42");
            finish(id, phone);
        }
    }

    @Test
    void inbandTonesAreGatheredLikeEvents() throws Exception {
        RtpPcapWriter tones = new RtpPcapWriter().silence(SippCaller.LEAD_MS)
                .audio(DtmfTones.ulaw("57#", 120, 150));
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "inband", tones)) {
            String id = answered("inband");
            server.command(id, "gather", body().put("initial_timeout_millis", 15000));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).isEqualTo("57");
            server.awaitDigit(id, '#');
            assertThat(server.dtmfDigits(id)).isEqualTo("57#");
            finish(id, phone);
        }
    }

    @Test
    void speakReportsStartedThenCompleted() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "speak",
                SippCaller.keys().digits("1"))) {
            String id = answered("speak");
            server.command(id, "speak", body().put("payload", "Hello.").put("voice", "male"));

            server.await("call.speak.started", id);
            WebhookReceiver.Event ended = server.await("call.speak.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("completed");
            server.awaitDigit(id, '1');
            finish(id, phone);
        }
    }

    @Test
    void inlineAudioPlaysAndAMissingStoredMediaEndsFileNotFound() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "playback",
                SippCaller.keys().digits("1"))) {
            String id = answered("playback");
            server.command(id, "playback_start", body().put("media_name", "no-such-media"));
            server.command(id, "playback_start", body()
                    .put("playback_content", Base64.getEncoder().encodeToString(wav(tone(440, 400))))
                    .put("audio_type", "wav"));

            List<WebhookReceiver.Event> ended = awaitCount(id, "call.playback.ended", 2);
            assertThat(ended.get(0).payload().path("status").asText()).isEqualTo("file_not_found");
            assertThat(ended.get(0).payload().path("media_name").asText()).isEqualTo("no-such-media");
            assertThat(ended.get(1).payload().path("status").asText()).isEqualTo("completed");
            assertThat(server.events(id, "call.playback.started")).hasSize(1);
            server.awaitDigit(id, '1');
            finish(id, phone);
        }
    }

    @Test
    void anAudioPromptFromAUrlRepromptsAfterInvalidInput() throws Exception {
        com.sun.net.httpserver.HttpServer files = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] main = wav(tone(440, 3000));
        byte[] invalid = wav(tone(880, 800));
        files.createContext("/main.wav", ex -> serve(ex, main));
        files.createContext("/invalid.wav", ex -> serve(ex, invalid));
        files.start();
        String base = "http://127.0.0.1:" + files.getAddress().getPort();
        // "9#" is refused (valid_digits 123), then "12#" is typed while a prompt plays again
        RtpPcapWriter keys = SippCaller.keys().digits("9#").silence(2500).digits("12#");
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "audiogather", keys)) {
            String id = answered("audiogather");
            server.command(id, "gather_using_audio", body()
                    .put("audio_url", base + "/main.wav").put("invalid_audio_url", base + "/invalid.wav")
                    .put("valid_digits", "123").put("maximum_digits", 5).put("timeout_millis", 15000));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).isEqualTo("12");
            List<String> started = server.events(id, "call.playback.started").stream()
                    .map(e -> e.payload().path("media_url").asText()).toList();
            assertThat(started).as("prompts that started").startsWith(base + "/main.wav", base + "/invalid.wav");
            assertThat(server.events(id, "call.playback.ended")).extracting(e -> e.payload().path("status").asText())
                    .as("the first prompt was cut by the caller's key").startsWith("cancelled");
            finish(id, phone);
        } finally {
            files.stop(0);
        }
    }

    @Test
    void aPromptThatCannotBeFetchedStillEndsTheGather() throws Exception {
        com.sun.net.httpserver.HttpServer files = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        files.start(); // serves nothing: every path is a 404
        String missing = "http://127.0.0.1:" + files.getAddress().getPort() + "/missing.wav";
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "missingprompt",
                SippCaller.keys().silence(3000).digits("1"))) {
            String id = answered("missingprompt");
            server.command(id, "gather_using_audio", body().put("audio_url", missing)
                    .put("maximum_tries", 1).put("timeout_millis", 1500));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).isEqualTo("timeout");
            WebhookReceiver.Event playback = server.await("call.playback.ended", id);
            assertThat(playback.payload().path("status").asText()).isEqualTo("file_not_found");
            assertThat(playback.payload().path("media_url").asText()).isEqualTo(missing);
            server.awaitDigit(id, '1');
            finish(id, phone);
        } finally {
            files.stop(0);
        }
    }

    @Test
    void storedMediaPlaysByName() throws Exception {
        com.sun.net.httpserver.HttpServer files = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] chime = wav(tone(660, 500));
        files.createContext("/chime.wav", ex -> serve(ex, chime));
        files.start();
        try {
            ApiClient.Response stored = server.api.post("/v2/media", "{\"media_url\":\"http://127.0.0.1:"
                    + files.getAddress().getPort() + "/chime.wav\",\"media_name\":\"chime\"}");
            assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        } finally {
            files.stop(0);
        }
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "storedmedia",
                SippCaller.keys().digits("1"))) {
            String id = answered("storedmedia");
            server.command(id, "playback_start", body().put("media_name", "chime"));

            assertThat(server.await("call.playback.started", id).payload().path("media_name").asText())
                    .isEqualTo("chime");
            assertThat(server.await("call.playback.ended", id).payload().path("status").asText())
                    .isEqualTo("completed");
            server.awaitDigit(id, '1');
            finish(id, phone);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void serve(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "audio/wav");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    private static String answered(String caller) throws Exception {
        String id = server.awaitInitiated(caller).callControlId();
        server.answer(id);
        return id;
    }

    /** The app hangs up (after a key showed SIPp is past its post-ACK pause) and the phone sees our BYE. */
    private static void finish(String id, Sipp.Running phone) throws Exception {
        server.hangup(id);
        server.await("call.hangup", id);
        SippCaller.assertSucceeded(phone.await(), 1);
    }

    private static List<WebhookReceiver.Event> awaitCount(String id, String type, int n) throws Exception {
        long deadline = System.nanoTime() + E2eServer.WAIT.toNanos();
        while (server.events(id, type).size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<WebhookReceiver.Event> events = server.events(id, type);
        assertThat(events).as(type + " events").hasSizeGreaterThanOrEqualTo(n);
        return events;
    }

    private static short[] tone(double hz, int millis) {
        short[] pcm = new short[8 * millis];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * hz * i / 8000));
        }
        return pcm;
    }

    /** A 16-bit mono 8 kHz WAV file. */
    private static byte[] wav(short[] pcm) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * pcm.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * pcm.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * pcm.length);
        for (short s : pcm) {
            b.putShort(s);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b.array());
        return out.toByteArray();
    }
}
