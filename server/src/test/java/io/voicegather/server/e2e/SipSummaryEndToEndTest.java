package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.e2e.peers.Sipp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's SIP summary of a real SIPp call: each message of its dialog, in and out, in order, from the
 * INVITE to the 200 to our BYE; and nothing of it without the console's session.
 */
class SipSummaryEndToEndTest {
    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(10);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void theConsoleShowsTheCallsSipMessagesInOrder() throws Exception {
        String id;
        String leg;
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "siptrace",
                SippCaller.keys().digits("42#"))) {
            var initiated = server.awaitInitiated("siptrace");
            id = initiated.callControlId();
            leg = initiated.payload().path("call_leg_id").asText();
            server.answer(id);
            server.command(id, "gather", E2eServer.body().put("maximum_digits", 5).put("terminating_digit", "#")
                    .put("initial_timeout_millis", 15000));
            server.await("call.gather.ended", id); // the caller's keys are sent: now it waits for our BYE
            server.hangup(id);
            SippCaller.assertSucceeded(phone.await(), 1);
        }
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.server.httpPort();
        HttpResponse<String> without = http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/sip?leg_id="
                + leg)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);

        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("api_key=" + E2eServer.API_KEY)).build(),
                HttpResponse.BodyHandlers.ofString());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/console/api/sip?leg_id=" + leg))
                .header("Cookie", setCookie.substring(0, setCookie.indexOf(';'))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode l : new ObjectMapper().readTree(r.body())) {
            lines.add(l.path("direction").asText() + " " + l.path("summary").asText().replaceAll(" sip:\\S+", ""));
        }
        // the 200 may be retransmitted before SIPp's ACK arrives: compare the distinct messages, in order
        assertThat(lines.stream().distinct().toList()).as(r.body()).containsSubsequence(
                "in INVITE", "out 100 Trying (INVITE)", "out 180 Ringing (INVITE)", "out 200 OK (INVITE)", "in ACK",
                "out BYE", "in 200 OK (BYE)");
    }
}
