package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's endpoints on a real server: {@code /health} and {@code /ready} answer without a key and say
 * nothing else; {@code /metrics} needs the API key and, across one real SIPp call with a gather, counts what the
 * application was told: the call, its keys, its gather, its webhooks, its commands, its RTP.
 */
class OperationsEndToEndTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+(?:\\{[^}]*})?) (\\S+)$", Pattern.MULTILINE);

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(20);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void healthAndReadyAnswerWithoutAKeyAndSayNothingMore() throws Exception {
        for (String path : new String[] {"/health", "/ready"}) {
            HttpResponse<String> r = get(path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).isEqualTo("ok\n");
        }
        assertThat(get("/healthz", null).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(uri("/health")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
    }

    @Test
    void metricsNeedTheApiKey() throws Exception {
        HttpResponse<String> none = get("/metrics", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).doesNotContain("voicegather_");
        assertThat(get("/metrics", "not-the-key").statusCode()).isEqualTo(401);

        HttpResponse<String> ok = get("/metrics", E2eServer.API_KEY);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(ok.body()).contains("# TYPE voicegather_calls_active gauge",
                "# TYPE voicegather_webhook_delivery_seconds histogram",
                "# TYPE voicegather_media_clock_skipped_ticks_total counter", // 0 on a machine that keeps up
                "# TYPE voicegather_rtp_lost_packets_total counter");
    }

    @Test
    void aCallWithAGatherIsCountedAsTheApplicationHeardIt() throws Exception {
        Map<String, Double> before = scrape();
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "metered", SippCaller.keys().digits("12#"))) {
            String id = server.awaitInitiated("metered").callControlId();
            assertThat(scrape().get("voicegather_calls_active")).isEqualTo(1.0);
            server.answer(id);
            server.command(id, "gather", body().put("maximum_digits", 5).put("terminating_digit", "#")
                    .put("initial_timeout_millis", 15000));
            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("digits").asText()).isEqualTo("12");
            server.hangup(id);
            SippCaller.assertSucceeded(phone.await(), 1);
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            String cause = hangup.payload().path("hangup_cause").asText();

            // initiated, answered, 3 keys, gather ended, hangup: all delivered, none pending
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, Double> after = scrape();
                assertThat(delta(before, after, "voicegather_webhook_deliveries_total{outcome=\"delivered\"}"))
                        .isGreaterThanOrEqualTo(7);
                assertThat(after.get("voicegather_webhook_outbox_pending")).isZero();
            });
            Map<String, Double> after = scrape();
            assertThat(after.get("voicegather_calls_active")).isZero();
            assertThat(delta(before, after, "voicegather_calls_total{result=\"" + cause + "\"}")).isEqualTo(1);
            assertThat(delta(before, after, "voicegather_gathers_total{status=\"valid\"}")).isEqualTo(1);
            assertThat(delta(before, after, "voicegather_dtmf_digits_total{source=\"rfc4733\"}")).isEqualTo(3);
            assertThat(delta(before, after, "voicegather_command_seconds_count{command=\"answer\"}")).isEqualTo(1);
            assertThat(delta(before, after, "voicegather_command_seconds_count{command=\"gather\"}")).isEqualTo(1);
            assertThat(delta(before, after, "voicegather_webhook_delivery_seconds_count"))
                    .isEqualTo(delta(before, after, "voicegather_webhook_deliveries_total{outcome=\"delivered\"}"));
            assertThat(delta(before, after, "voicegather_rtp_packets_total{direction=\"in\"}"))
                    .as("the phone's audio and keys").isGreaterThan(10);
            assertThat(delta(before, after, "voicegather_rtp_packets_total{direction=\"out\"}")).isGreaterThan(10);
            assertThat(after.get("voicegather_sip_refused_total{reason=\"not_allowed\"}")).isZero();
        }
    }

    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/metrics", E2eServer.API_KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        Matcher m = SAMPLE.matcher(r.body());
        while (m.find()) {
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).as("scraped samples").containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

    private HttpResponse<String> get(String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.server.httpPort() + path);
    }
}
