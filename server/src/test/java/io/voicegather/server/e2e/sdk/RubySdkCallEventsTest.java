package io.voicegather.server.e2e.sdk;

import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v2/call_events} read by the official Ruby SDK's {@code client.call_events.list}: a call's commands and
 * webhooks come back as {@code Telnyx::Models::CallEventListResponse} items, page after page.
 */
class RubySdkCallEventsTest {
    private static final String API_KEY = "ruby-call-events-key";

    @TempDir
    Path dir;

    @Test
    void theSdkListsACallsCommandsAndWebhooksAsTypedItems() throws Exception {
        try (WebhookReceiver hooks = WebhookReceiver.startUnverified();
             VoicegatherServer server = VoicegatherServer.start(ConfigLoader.load(new String[] {
                     "--http-host", "127.0.0.1", "--http-port", "0", "--sip-host", "127.0.0.1", "--sip-port", "0",
                     "--rtp-ports", "31300-31319", "--data-dir", dir.resolve("data").toString(),
                     "--api-key", API_KEY, "--webhook-url", hooks.url().toString()}, Map.of()))) {
            Sipp.requirePcapPlayback();
            Path pcap = new RtpPcapWriter().silence(1000).write(dir.resolve("silence.pcap"));
            Sipp.Running phone = Sipp.uac("uac_wait_bye.xml", "127.0.0.1:" + server.sipPort(), dir)
                    .mediaPort(31340).pcap(pcap).callIdPrefix("ruby-call-events")
                    .recvTimeout(Duration.ofSeconds(20)).timeout(Duration.ofSeconds(60)).start();
            WebhookReceiver.Event initiated = hooks.await(e -> e.eventType().equals("call.initiated"),
                    Duration.ofSeconds(20));
            String id = initiated.callControlId();
            String leg = initiated.payload().path("call_leg_id").asText();
            HttpClient http = HttpClient.newHttpClient();
            for (String action : List.of("answer", "hangup")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + server.httpPort() + "/v2/calls/" + id + "/actions/" + action))
                        .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(200);
            }
            hooks.await("call.hangup", id, Duration.ofSeconds(20));
            phone.close(); // its part is over: the call is in the log

            List<String> command = RubySdk.command();
            command.add("call_events.rb");
            Path stderr = dir.resolve("ruby-stderr.log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(RubySdk.APP_DIR.toFile())
                    .redirectError(stderr.toFile());
            pb.environment().putAll(Map.of("BASE_URL", "http://127.0.0.1:" + server.httpPort() + "/v2",
                    "API_KEY", API_KEY, "LEG_ID", leg, "PAGE_SIZE", "2"));
            Process ruby = pb.start();
            String out = new String(ruby.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ruby.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ruby.exitValue()).as(Files.readString(stderr)).isZero();

            List<String> lines = out.lines().toList();
            String model = "Telnyx::Models::CallEventListResponse";
            // newest first: hangup's webhook, the hangup command, answered, the answer command, initiated
            assertThat(lines).containsExactly(
                    model + " webhook call.hangup " + leg + " call_event true true",
                    model + " command hangup " + leg + " call_event true true",
                    model + " webhook call.answered " + leg + " call_event true true",
                    model + " command answer " + leg + " call_event true true",
                    model + " webhook call.initiated " + leg + " call_event true true",
                    "items 5 first_page 2 total_pages 3");
        }
    }
}
