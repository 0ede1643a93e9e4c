package io.voicegather.server.ai.sttclient;

import io.voicegather.server.ai.ProviderException;
import io.voicegather.server.ai.stt.OpenAiTranscriber;
import io.voicegather.server.ai.stt.Transcript;
import io.voicegather.server.ai.stt.Utterance;
import io.voicegather.server.e2e.peers.FakeAiServer;
import io.voicegather.server.e2e.peers.FakeAiServer.Reply;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The OpenAI-compatible transcription client against the fake provider over real loopback HTTP. */
class OpenAiTranscriberTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private FakeAiServer fake;
    private OpenAiTranscriber stt;

    @BeforeEach
    void start() throws Exception {
        fake = FakeAiServer.start();
    }

    @AfterEach
    void stop() {
        if (stt != null) {
            stt.close();
        }
        fake.close();
    }

    private OpenAiTranscriber transcriber(String baseUrl, String apiKey, Duration timeout) {
        stt = new OpenAiTranscriber(new OpenAiTranscriber.Config(URI.create(baseUrl), apiKey, "whisper-1", timeout));
        return stt;
    }

    private static short[] tone(int millis) {
        short[] pcm = new short[millis * 8];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / 8000.0));
        }
        return pcm;
    }

    @Test
    void sendsAn8kMonoWavWithModelLanguageAndKeyAndReadsTheText() throws Exception {
        fake.enqueueTranscripts("  my date of birth is the fifth of march  ");
        OpenAiTranscriber client = transcriber(fake.baseUrl() + "/", "sk-test", Duration.ofSeconds(8));
        short[] pcm = tone(1250);

        Transcript t = client.transcribe(new Utterance(pcm, "en-US", null)).get(10, TimeUnit.SECONDS);

        assertThat(t.text()).isEqualTo("my date of birth is the fifth of march");
        assertThat(t.confidence()).isNaN();
        FakeAiServer.SttRequest r = fake.awaitSttRequest(1, WAIT);
        assertThat(r.fileProblem()).isNull();
        assertThat(r.sampleRate()).isEqualTo(8000);
        assertThat(r.channels()).isEqualTo(1);
        assertThat(r.bitsPerSample()).isEqualTo(16);
        assertThat(r.durationMillis()).isEqualTo(1250);
        assertThat(r.samples()).containsExactly(pcm);
        assertThat(r.fileName()).endsWith(".wav");
        assertThat(r.model()).isEqualTo("whisper-1");
        assertThat(r.language()).isEqualTo("en");                // a locale tag is cut to ISO 639-1
        assertThat(r.responseFormat()).isEqualTo("json");
        assertThat(r.authorization()).isEqualTo("Bearer sk-test");
        assertThat(client.modelName()).isEqualTo("whisper-1");
        assertThat(client.endpoint()).isEqualTo(URI.create(fake.baseUrl() + "/v1/audio/transcriptions"));
    }

    @Test
    void noLanguageAndNoKeyAreLeftOut() throws Exception {
        fake.enqueueTranscripts("");
        Transcript t = transcriber(fake.baseUrl(), null, Duration.ofSeconds(8))
                .transcribe(new Utterance(new short[800], null, null)).get(10, TimeUnit.SECONDS);
        assertThat(t.isEmpty()).isTrue();
        FakeAiServer.SttRequest r = fake.awaitSttRequest(1, WAIT);
        assertThat(r.language()).isNull();
        assertThat(r.fields()).doesNotContainKey("language");
        assertThat(r.authorization()).isNull();
        assertThat(r.durationMillis()).isEqualTo(100);
    }

    @Test
    void anHttpErrorFailsWithTheStatusTheUrlAndTheServersReason() {
        fake.enqueueStt(Reply.status(500));
        ProviderException e = failure(transcriber(fake.baseUrl(), null, Duration.ofSeconds(8))
                .transcribe(new Utterance(tone(200), "en", null)));
        assertThat(e.provider()).isEqualTo("stt");
        assertThat(e.getMessage()).isEqualTo("stt: HTTP 500 from " + fake.baseUrl()
                + "/v1/audio/transcriptions: fake failure 500");
    }

    @Test
    void anAnswerThatIsNotJsonOrHasNoTextIsUnreadable() {
        fake.enqueueStt(Reply.raw("<html>bad gateway</html>"), Reply.raw("{\"segments\":[]}"));
        OpenAiTranscriber client = transcriber(fake.baseUrl(), null, Duration.ofSeconds(8));
        assertThat(failure(client.transcribe(new Utterance(tone(200), null, null))).getMessage())
                .startsWith("stt: unreadable answer from http://127.0.0.1:");
        assertThat(failure(client.transcribe(new Utterance(tone(200), null, null))).getMessage())
                .startsWith("stt: unreadable answer").endsWith("(no text)");
    }

    @Test
    void aSlowServerTimesOutAtTheConfiguredLimitAndTheNextRequestStillWorks() throws Exception {
        fake.enqueueStt(Reply.text("too late").delayed(Duration.ofSeconds(6)));
        fake.defaultTranscript("on time");
        OpenAiTranscriber client = transcriber(fake.baseUrl(), null, Duration.ofMillis(400));
        long start = System.nanoTime();
        ProviderException e = failure(client.transcribe(new Utterance(tone(200), null, null)));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(e.getMessage()).isEqualTo("stt: timed out after 400 ms");
        assertThat(tookMs).isGreaterThanOrEqualTo(350).isLessThan(5000);
        assertThat(client.transcribe(new Utterance(tone(200), null, null)).get(10, TimeUnit.SECONDS).text())
                .isEqualTo("on time");
    }

    @Test
    void aRefusedConnectionSaysTheServerIsUnreachable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        ProviderException e = failure(transcriber("http://127.0.0.1:" + port, null, Duration.ofSeconds(5))
                .transcribe(new Utterance(tone(200), null, null)));
        assertThat(e.getMessage()).isEqualTo("stt: unreachable: http://127.0.0.1:" + port + "/v1/audio/transcriptions");
    }

    @Test
    void neverBlocksTheCallerAndCompletesOnItsOwnThreads() throws Exception {
        fake.enqueueStt(Reply.text("eventually").delayed(Duration.ofMillis(1500)));
        OpenAiTranscriber client = transcriber(fake.baseUrl(), null, Duration.ofSeconds(8));
        long start = System.nanoTime();
        CompletableFuture<Transcript> future = client.transcribe(new Utterance(tone(500), null, null));
        long callMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        AtomicReference<String> thread = new AtomicReference<>();
        CompletableFuture<Void> after = future.thenAccept(t -> thread.set(Thread.currentThread().getName()));
        assertThat(future).as("still waiting when the callback was attached").isNotDone();
        assertThat(callMs).isLessThan(1000);
        after.get(10, TimeUnit.SECONDS); // waiting on `after`, not `future`, so this thread never runs the callback
        assertThat(thread.get()).startsWith("stt-http");
    }

    @Test
    void manyUtterancesAtOnceAreAllAnswered() throws Exception {
        fake.onTranscription(r -> Reply.text(r.durationMillis() + "ms"));
        OpenAiTranscriber client = transcriber(fake.baseUrl(), null, Duration.ofSeconds(10));
        @SuppressWarnings("unchecked")
        CompletableFuture<Transcript>[] futures = new CompletableFuture[40];
        for (int i = 0; i < futures.length; i++) {
            futures[i] = client.transcribe(new Utterance(new short[(i + 1) * 80], null, null));
        }
        CompletableFuture.allOf(futures).get(20, TimeUnit.SECONDS);
        for (int i = 0; i < futures.length; i++) {
            assertThat(futures[i].get().text()).isEqualTo(((i + 1) * 10) + "ms");
        }
    }

    @Test
    void theWavHeaderIsStandardRiff() {
        byte[] wav = OpenAiTranscriber.wav(new short[]{1, -2}, 8000);
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(new String(wav, 8, 8)).isEqualTo("WAVEfmt ");
        assertThat(new String(wav, 36, 4)).isEqualTo("data");
        assertThat(wav).hasSize(48);
        assertThat(wav[44]).isEqualTo((byte) 1);
        assertThat(wav[45]).isEqualTo((byte) 0);
        assertThat(wav[46]).isEqualTo((byte) 0xfe);
        assertThat(wav[47]).isEqualTo((byte) 0xff);
    }

    private static ProviderException failure(CompletableFuture<?> future) {
        Throwable t = catchThrowable(() -> future.get(15, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) t.getCause();
    }
}
