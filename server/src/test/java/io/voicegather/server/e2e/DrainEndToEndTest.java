package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A drain on a real server with a live SIPp call: from POST /admin/drain on, a new INVITE and a proxy's OPTIONS
 * probe get 503 with Retry-After and /ready says 503, while the live call goes on (its gather ends with its keys);
 * once it hangs up the drain is done, long before its deadline.
 */
class DrainEndToEndTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    @TempDir
    Path data;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void aDrainingServerTakesNoNewCallsAndFinishesTheLiveOne() throws Exception {
        try (E2eServer server = E2eServer.start(data, 20, "--drain-timeout-seconds", "600")) {
            int sipPort = server.server.sipPort();
            assertThat(options(sipPort)).startsWith("SIP/2.0 200 ");
            try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "stayer", SippCaller.keys().digits("12#"))) {
                String id = server.awaitInitiated("stayer").callControlId();
                server.answer(id);

                HttpResponse<String> drain = post(server, "/admin/drain", E2eServer.API_KEY);
                assertThat(drain.statusCode()).isEqualTo(202);
                assertThat(post(server, "/admin/drain", null).statusCode()).as("without the key").isEqualTo(401);
                assertThat(get(server, "/ready").statusCode()).isEqualTo(503);
                assertThat(options(sipPort)).startsWith("SIP/2.0 503 ").contains("\r\nRetry-After: ");
                try (InviteFlood newcomer = new InviteFlood("127.0.0.1", sipPort, "newcomer")) {
                    newcomer.send(1, 10, () -> 0, 1);
                    await().atMost(Duration.ofSeconds(10)).until(() -> newcomer.serviceUnavailable.get() == 1);
                    assertThat(newcomer.withRetryAfter.get()).isOne();
                    assertThat(newcomer.trying.get()).as("no transaction, no call").isZero();
                    assertThat(server.server.sipAdmissionCounters().invitesWhileNotTakingCalls()).isOne();
                }

                // the live call goes on: its commands and webhooks work
                server.command(id, "gather", body().put("maximum_digits", 5).put("terminating_digit", "#")
                        .put("initial_timeout_millis", 15000));
                WebhookReceiver.Event ended = server.await("call.gather.ended", id);
                assertThat(ended.payload().path("digits").asText()).isEqualTo("12");
                assertThat(server.server.drained()).as("a call is still live").isNotDone();
                server.hangup(id);
                SippCaller.assertSucceeded(phone.await(), 1);
                server.await("call.hangup", id);
            }
            server.server.drained().get(30, TimeUnit.SECONDS); // long before the 600 s deadline
            assertThat(server.hooks.events()).noneMatch(e -> "newcomer".equals(e.payload().path("from").asText()));
        }
    }

    /** An out-of-dialog OPTIONS, as a proxy's probe sends it; the first line and headers of the answer. */
    private static String options(int sipPort) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            String probe = "OPTIONS sip:voicegather@127.0.0.1:" + sipPort + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bK-probe-"
                    + System.nanoTime() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:probe@127.0.0.1>;tag=probe\r\n"
                    + "To: <sip:voicegather@127.0.0.1>\r\n"
                    + "Call-ID: probe-" + System.nanoTime() + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = probe.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
            DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            socket.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII);
        }
    }

    private HttpResponse<String> post(E2eServer server, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(E2eServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(E2eServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.server.httpPort() + path);
    }
}
