package io.voicegather.server.e2e;

import com.sun.net.httpserver.HttpServer;
import io.voicegather.server.e2e.peers.G711;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.Tshark;
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
import java.util.List;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Barge-in measured on the wire: while a long audio prompt (a 1 kHz tone fetched from a local HTTP server) plays,
 * a SIPp phone sends one RFC 4733 key. A loopback capture of the call's RTP gives the time from the key's first
 * event packet to the last packet the server sent that still carries the tone (PCMU payloads decoded here).
 * The design target is one 20 ms packet; the bound leaves room for a loaded shared machine.
 */
class BargeInEndToEndTest {
    private static final double TONE_HZ = 1000;
    private static final long MAX_LATENCY_MS = 200;

    @TempDir
    static Path serverDir;
    static E2eServer server;
    static HttpServer files;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        Sipp.requirePcapPlayback();
        Tshark.requireInstalled();
        server = E2eServer.start(serverDir, 20);
        byte[] prompt = PromptAudio.wav(PromptAudio.tone(TONE_HZ, 20_000));
        files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/menu.wav", ex -> {
            ex.getResponseHeaders().set("Content-Type", "audio/wav");
            ex.sendResponseHeaders(200, prompt.length);
            ex.getResponseBody().write(prompt);
            ex.close();
        });
        files.start();
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
    void aKeyCutsTheAudioPromptWithinAboutOnePacket() throws Exception {
        String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/menu.wav";
        int phonePort = QuietPorts.forPhone(8);
        Path pcapng = dir.resolve("bargein.pcapng");
        try (Tshark capture = Tshark.captureLoopback(pcapng,
                "udp portrange " + phonePort + "-" + (phonePort + 7), Duration.ofSeconds(45));
             Sipp.Running phone = SippCaller.waitingForBye(server, dir, "bargein", SippCaller.keys().digits("5"),
                     phonePort)) {
            String id = server.awaitInitiated("bargein").callControlId();
            server.answer(id);
            server.command(id, "gather_using_audio", body().put("audio_url", url)
                    .put("maximum_digits", 1).put("timeout_millis", 15000));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).as(ended.payload().toString()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).isEqualTo("5");
            WebhookReceiver.Event prompt = server.await("call.playback.ended", id);
            assertThat(prompt.payload().path("status").asText()).isEqualTo("cancelled");
            Thread.sleep(400); // some silence on the wire after the cut, so the capture shows the stream went on
            server.hangup(id);
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
            capture.stop();
        }

        List<RtpCapture.Packet> packets = RtpCapture.read(pcapng, phonePort);
        long keyAt = packets.stream().filter(p -> p.srcPort() == phonePort && p.payloadType() == 101)
                .mapToLong(RtpCapture.Packet::timeNanos).min()
                .orElseThrow(() -> new AssertionError("no RFC 4733 packet from the phone in the capture"));
        List<RtpCapture.Packet> sent = packets.stream()
                .filter(p -> p.dstPort() == phonePort && p.srcPort() != phonePort && p.payloadType() == 0).toList();
        List<RtpCapture.Packet> tone = sent.stream().filter(BargeInEndToEndTest::carriesTone).toList();
        assertThat(tone).as("server packets carrying the prompt tone").isNotEmpty();
        long toneBeforeKeyMs = tone.stream().filter(p -> p.timeNanos() < keyAt).count() * 20;
        long lastToneAt = tone.get(tone.size() - 1).timeNanos();
        double latencyMs = (lastToneAt - keyAt) / 1e6;
        long afterCut = sent.stream().filter(p -> p.timeNanos() > lastToneAt).count();
        double firstQuietMs = sent.stream().filter(p -> p.timeNanos() > lastToneAt)
                .mapToLong(RtpCapture.Packet::timeNanos).min().orElse(lastToneAt) / 1e6 - keyAt / 1e6;
        System.out.printf("barge-in: last tone packet %.1f ms after the key's first RFC 4733 packet, first packet "
                + "without it %.1f ms after (%d ms of tone before the key, %d packets sent after the cut)%n",
                latencyMs, firstQuietMs, toneBeforeKeyMs, afterCut);

        assertThat(toneBeforeKeyMs).as("the prompt was playing when the key came").isGreaterThanOrEqualTo(500);
        assertThat(afterCut).as("the stream went on (silence) after the prompt was cut").isGreaterThan(5);
        assertThat(latencyMs).as("ms from the key to the last tone packet").isLessThanOrEqualTo(MAX_LATENCY_MS);
    }

    private static boolean carriesTone(RtpCapture.Packet p) {
        byte[] ulaw = p.payload();
        short[] pcm = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            pcm[i] = G711.decodeMuLaw(ulaw[i]);
        }
        // a packet only partly filled with the tone (the cut inside it) still counts: a lower level is accepted
        return pcm.length > 0 && AudioMeter.rms(pcm, 0, pcm.length) >= 300
                && AudioMeter.toneFraction(pcm, 0, pcm.length, TONE_HZ) >= 0.3;
    }
}
