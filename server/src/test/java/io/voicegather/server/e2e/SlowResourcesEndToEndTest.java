package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.TinySipPhone;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow or heavy work on one side of the server leaves a call on the other side alone (docs/robustness.md, "When
 * resources run out"): a real SIPp call runs a gather while 20 calls wait on prompts whose server trickles the bytes
 * (slow loris), or while 1,000 media uploads arrive at once. Its commands are answered in time (its keys come 2.5 s
 * after the answer) and its gather ends valid with its digits.
 */
class SlowResourcesEndToEndTest {
    private static final int TRICKLED_CALLS = 20;
    private static final int UPLOADS = 1_000;

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(2 * (TRICKLED_CALLS + 2)); // a port pair per call

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void promptsThatTrickleFailAtTheFetchDeadlineAndLeaveAnotherCallsGatherAlone() throws Exception {
        try (Trickle trickle = new Trickle()) {
            List<TinySipPhone> phones = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            try {
                for (int i = 0; i < TRICKLED_CALLS; i++) {
                    TinySipPhone phone = new TinySipPhone(server.server.sipPort());
                    phones.add(phone);
                    String caller = "+1555040" + String.format("%04d", i);
                    phone.invite(caller);
                    String id = server.awaitInitiated(caller).callControlId();
                    server.answer(id);
                    phone.awaitAnsweredAndAck(10_000);
                    server.command(id, "gather_using_audio", body().put("audio_url", trickle.url(i))
                            .put("maximum_digits", 4).put("timeout_millis", 60_000));
                    waiting.add(id);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> trickle.connections.get() >= TRICKLED_CALLS);

                gatherRunsUndisturbed("trickleside");

                for (String id : waiting) { // each prompt failed at the fetch deadline (10 s), as P11 says
                    WebhookReceiver.Event ended = server.await("call.playback.ended", id);
                    assertThat(ended.payload().path("status").asText()).isEqualTo("failed");
                }
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(trickle.hungUp.get())
                        .as("every trickling connection was closed by the server").isEqualTo(TRICKLED_CALLS));
                for (String id : waiting) {
                    server.hangup(id);
                }
            } finally {
                phones.forEach(TinySipPhone::close);
            }
        }
    }

    /**
     * Uploads run on threads and a queue of their own (429 beyond), so the call's commands find a worker at once;
     * every upload is stored or refused, none left without an answer (the JDK server no longer closes idle
     * keep-alive connections behind the clients' backs, see JvmDefaults).
     */
    @Test
    void aThousandMediaUploadsAtOnceLeaveAnotherCallsGatherAlone() throws Exception {
        byte[] wav = PromptAudio.wav(PromptAudio.tone(440, 500));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger names = new AtomicInteger();
        Runnable[] next = new Runnable[1];
        next[0] = () -> { // each finished upload is followed by another while the call runs: always 1,000 at once
            inFlight.incrementAndGet();
            http.sendAsync(upload(wav, "load-" + names.incrementAndGet()), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        inFlight.decrementAndGet();
                        if (e != null) {
                            failures.incrementAndGet();
                        } else {
                            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        }
                        if (running.get()) {
                            next[0].run();
                        }
                    });
        };
        for (int i = 0; i < UPLOADS; i++) {
            next[0].run();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.values().stream()
                .mapToInt(AtomicInteger::get).sum() >= UPLOADS); // the load is on before the call

        gatherRunsUndisturbed("uploadside");

        running.set(false);
        await().atMost(Duration.ofSeconds(120)).until(() -> inFlight.get() == 0);
        assertThat(failures.get()).as("uploads without an answer").isZero();
        assertThat(statuses.keySet()).as("stored, or refused as too many at once: " + statuses)
                .isSubsetOf(201, 429);
        assertThat(statuses.get(201)).as(statuses.toString()).isNotNull();
    }

    /** A SIPp call answered and gathering while the load runs: its keys arrive 2.5 s after the answer. */
    private void gatherRunsUndisturbed(String caller) throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, caller, SippCaller.keys().digits("1234#"))) {
            String id = server.awaitInitiated(caller).callControlId();
            server.answer(id);
            server.command(id, "gather", body().put("maximum_digits", 10).put("terminating_digit", "#")
                    .put("initial_timeout_millis", 15000).put("inter_digit_timeout_millis", 15000));
            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).as(ended.payload().toString()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).isEqualTo("1234");
            server.hangup(id);
            SippCaller.assertSucceeded(phone.await(), 1);
        }
    }

    private HttpRequest upload(byte[] wav, String name) {
        String boundary = "voicegather-load";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Function<String, byte[]> ascii = s -> s.getBytes(StandardCharsets.US_ASCII);
        b.writeBytes(ascii.apply("--" + boundary + "\r\nContent-Disposition: form-data; name=\"media_name\"\r\n\r\n"
                + name + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"a.wav\""
                + "\r\nContent-Type: audio/wav\r\n\r\n"));
        b.writeBytes(wav);
        b.writeBytes(ascii.apply("\r\n--" + boundary + "--\r\n"));
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.server.httpPort() + "/v2/media"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + E2eServer.API_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())).build();
    }

    /**
     * A slow-loris audio server: answers each request with headers promising 1 MiB, then a byte every 200 ms for as
     * long as the client stays. Counts connections and the ones the client closed.
     */
    private static final class Trickle implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger hungUp = new AtomicInteger();
        private final ServerSocket socket;

        Trickle() throws IOException {
            socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            Thread accept = new Thread(this::acceptLoop, "trickle-accept");
            accept.setDaemon(true);
            accept.start();
        }

        String url(int n) {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/slow-" + n + ".wav";
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread t = new Thread(() -> trickle(s), "trickle");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void trickle(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                readHeaders(in);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: " + (1 << 20) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                while (true) {
                    out.write('R');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                hungUp.incrementAndGet(); // the client closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void readHeaders(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed before the headers ended");
                }
                matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
