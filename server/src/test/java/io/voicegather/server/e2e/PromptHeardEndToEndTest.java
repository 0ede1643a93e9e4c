package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Baresip;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompts are really heard: a real softphone (baresip) calls, the app plays a prompt, and the audio the phone
 * decoded (its sndfile recording of the received stream) is checked for what was sent: a 1 kHz tone of the right
 * length, or speech-like energy for a spoken prompt.
 */
class PromptHeardEndToEndTest {
    private static final double TONE_HZ = 1000;
    private static final int TONE_MS = 1500;

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requireInstalled();
        Baresip.requireInstalled();
    }

    @Test
    void aPlayedToneArrivesAtThePhoneWithItsLength() throws Exception {
        short[] received;
        try (Baresip phone = Baresip.start(dir.resolve("phone"), options("heard-tone"))) {
            String id = established(phone, "heard-tone");
            server.command(id, "playback_start", body()
                    .put("playback_content", PromptAudio.base64Wav(PromptAudio.tone(TONE_HZ, TONE_MS)))
                    .put("audio_type", "wav"));

            server.await("call.playback.started", id);
            WebhookReceiver.Event ended = server.await("call.playback.ended", id);
            assertThat(ended.payload().path("status").asText()).as(ended.payload().toString())
                    .isEqualTo("completed");
            Thread.sleep(500); // silence after the tone, so the recording shows its end
            received = hangUpAndReadRecording(phone, id);
        }

        boolean[] tone = AudioMeter.toneFrames(received, TONE_HZ, 1000);
        int runMs = 20 * AudioMeter.longestRun(tone, 2);
        int totalMs = 20 * AudioMeter.count(tone);
        System.out.printf("tone heard: longest 1 kHz run %d ms, %d ms of tone frames in %d ms recorded%n",
                runMs, totalMs, received.length / 8);
        assertThat(runMs).as("length of the 1 kHz tone the phone decoded").isBetween(TONE_MS - 300, TONE_MS + 400);
        assertThat(totalMs).as("the tone played once").isLessThan(TONE_MS + 400);
        // within the tone the energy is at 1 kHz, not spread over other bins
        for (int f = 0; f < tone.length; f++) {
            if (tone[f]) {
                int at = f * AudioMeter.FRAME;
                for (double other : new double[]{500, 700, 1400, 2000}) {
                    assertThat(AudioMeter.toneFraction(received, at, AudioMeter.FRAME, other))
                            .as("energy at %s Hz in tone frame %d", other, f).isLessThan(0.1);
                }
            }
        }
    }

    @Test
    void aSpokenPromptArrivesAsSpeechLikeEnergy() throws Exception {
        short[] received;
        try (Baresip phone = Baresip.start(dir.resolve("phone"), options("heard-speak"))) {
            String id = established(phone, "heard-speak");
            server.command(id, "gather_using_speak", body()
                    .put("payload", "Please enter your account number, followed by the pound key.")
                    .put("voice", "female").put("maximum_tries", 1).put("timeout_millis", 1500));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("digits").asText()).isEmpty();
            received = hangUpAndReadRecording(phone, id);
        }

        double[] rms = AudioMeter.frameRms(received);
        double[] sorted = rms.clone();
        Arrays.sort(sorted);
        double floor = sorted[sorted.length / 10];
        double loudLevel = Math.max(300, 10 * floor + 50);
        int loud = 0;
        int first = -1;
        int last = -1;
        for (int f = 0; f < rms.length; f++) {
            if (rms[f] >= loudLevel) {
                loud++;
                first = first < 0 ? f : first;
                last = f;
            }
        }
        double peak = sorted[sorted.length - 1 - sorted.length / 100];
        int dips = 0;
        for (int f = Math.max(first, 0); f <= last; f++) {
            if (rms[f] < 0.25 * peak) {
                dips++;
            }
        }
        System.out.printf("speech heard: floor rms %.1f, %d ms above %.0f rms, peak rms %.0f, %d dips in %d ms%n",
                floor, 20 * loud, loudLevel, peak, dips, 20 * (last - first + 1));
        assertThat(floor).as("silence around the prompt is quiet").isLessThan(100);
        assertThat(20 * loud).as("ms of audio well above silence while the prompt played").isGreaterThan(1000);
        // speech rises and falls between syllables and words; a stuck tone or noise would not
        assertThat(dips).as("frames of the prompt well below its peak").isGreaterThanOrEqualTo(5);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Baresip.Options options(String user) {
        return new Baresip.Options(user, Baresip.AnswerMode.AUTO, new short[0], Duration.ofSeconds(60));
    }

    /** The phone dials, the app answers, and the phone sees the call established. */
    private static String established(Baresip phone, String user) throws Exception {
        assertThat(phone.dial("sip:1000@127.0.0.1:" + server.server.sipPort()).ok()).as(phone.log()).isTrue();
        String id = server.awaitInitiated(user).callControlId();
        server.answer(id);
        phone.awaitEvent("CALL_ESTABLISHED", E2eServer.WAIT);
        return id;
    }

    /** The app hangs up; once the phone has closed the call its recording of what it received is complete. */
    private static short[] hangUpAndReadRecording(Baresip phone, String id) throws Exception {
        server.hangup(id);
        server.await("call.hangup", id);
        phone.awaitEvent("CALL_CLOSED", E2eServer.WAIT);
        Path file = awaitRecording(phone);
        return PromptAudio.readPcm16(file);
    }

    /** The *-dec.wav (audio decoded from the server), once its size stops changing. */
    private static Path awaitRecording(Baresip phone) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long lastSize = -1;
        while (System.nanoTime() < deadline) {
            List<Path> found;
            try (Stream<Path> files = Files.list(phone.recordingDir())) {
                found = files.filter(p -> p.getFileName().toString().endsWith("-dec.wav")).toList();
            }
            if (found.size() == 1) {
                long size = Files.size(found.get(0));
                if (size > 44 && size == lastSize) {
                    return found.get(0);
                }
                lastSize = size;
            }
            Thread.sleep(200);
        }
        try (Stream<Path> files = Files.list(phone.recordingDir())) {
            throw new AssertionError("no single complete *-dec.wav recording: " + files.toList() + "\n"
                    + phone.log());
        }
    }
}
