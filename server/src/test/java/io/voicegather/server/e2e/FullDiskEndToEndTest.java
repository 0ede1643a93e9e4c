package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.TinySipPhone;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.webhook.Outbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The data folder on a real, small tmpfs that fills up in the middle of a call (docs/webhooks.md, "When the disk
 * refuses writes", rows D1-D3 and D5): while SQLite answers SQLITE_FULL the call goes on and its commands are
 * answered; from four fifths of --webhook-max-uncommitted a command that would emit events gets 503 90066 unapplied
 * and a new INVITE 503, while hangup and reading the call still work; once space returns every event the call emitted
 * arrives, once each, in order, and the database passes integrity_check. Needs root (mount); skipped otherwise.
 */
class FullDiskEndToEndTest {
    private static final int MAX_UNCOMMITTED = 100;
    private static final int COMMAND_BOUND = Outbox.commandBound(MAX_UNCOMMITTED);
    private static final Pattern UNCOMMITTED = Pattern.compile("(?m)^voicegather_webhook_outbox_uncommitted (\\S+)$");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aFullDataDiskRefusesNewWorkClearlyAndLosesNothingOnceSpaceReturns() throws Exception {
        Path mount = Files.createTempDirectory("voicegather-full-disk");
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String mountOutput = new String(mounting.getInputStream().readAllBytes());
        assumeThat(mounting.waitFor())
                .as("mounting a tmpfs is not permitted here (needs root), so the full-disk test is skipped: "
                        + mountOutput.strip())
                .isZero();
        try {
            run(mount);
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor();
            Files.deleteIfExists(mount);
        }
    }

    private void run(Path data) throws Exception {
        Path filler = data.resolve("filler");
        String caller = "+15550300001";
        String callControlId;
        StringBuilder pressed = new StringBuilder();
        try (E2eServer server = E2eServer.start(data, 4, "--webhook-max-uncommitted",
                Integer.toString(MAX_UNCOMMITTED));
             TinySipPhone phone = new TinySipPhone(server.server.sipPort())) {
            phone.invite(caller);
            callControlId = server.awaitInitiated(caller).callControlId();
            server.answer(callControlId);
            phone.awaitAnsweredAndAck(10_000);
            press(phone, '0', pressed);
            server.awaitDigit(callControlId, '0'); // committed and delivered while the disk had room

            fillTheDisk(data, filler);
            ObjectNode gather = gather("Zmlyc3Q=");
            server.command(callControlId, "gather", gather); // D1: commands are answered, the disk full or not
            for (char key : "123".toCharArray()) {
                press(phone, key, pressed);
            }
            while (uncommitted(server) < COMMAND_BOUND) { // D1, D3: keys are heard and their events kept
                assertThat(pressed.length()).as("events are piling up in memory: the disk refuses them")
                        .isLessThan(3 * MAX_UNCOMMITTED);
                press(phone, '5', pressed);
            }

            HttpResponse<String> refused = post(server, "/v2/calls/" + callControlId + "/actions/gather",
                    gather("c2Vjb25k").toString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.body()).contains("\"code\":\"90066\"");
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            ApiClient.Response status = server.retrieve(callControlId);
            assertThat(status.status()).as(status.body()).isEqualTo(200);
            assertThat(status.json().path("data").path("client_state").asText(null)).as("the refused command was not applied, not even its client_state")
                    .isEqualTo("Zmlyc3Q=");

            try (TinySipPhone late = new TinySipPhone(server.server.sipPort())) {
                late.invite("+15550300002");
                String busy = late.awaitInviteResponse("503", 10_000);
                assertThat(busy).contains("Retry-After: 5");
            }

            server.hangup(callControlId); // D2: still taken, it ends the call and what it would emit
            assertThat(phone.awaitBye(10_000)).isTrue();
            assertThat(server.hooks.events().stream().filter(e -> callControlId.equals(e.callControlId())))
                    .as("nothing emitted after the disk filled was sent before its commit")
                    .noneMatch(e -> e.eventType().equals("call.hangup") || e.eventType().equals("call.gather.ended"));

            Files.delete(filler); // D5: space returns
            server.await("call.hangup", callControlId);
            await().atMost(Duration.ofSeconds(30)).until(() -> uncommitted(server) == 0);

            List<WebhookReceiver.Event> events = server.events(callControlId);
            List<String> types = events.stream().map(WebhookReceiver.Event::eventType).toList();
            assertThat(types.get(0)).isEqualTo("call.initiated");
            assertThat(types.get(1)).isEqualTo("call.answered");
            assertThat(types.get(types.size() - 1)).isEqualTo("call.hangup");
            assertThat(server.dtmfDigits(callControlId)).as("every key, once, in order").isEqualTo(pressed.toString());
            List<WebhookReceiver.Event> gathers = server.events(callControlId, "call.gather.ended");
            assertThat(gathers).hasSize(1);
            assertThat(gathers.get(0).payload().path("digits").asText()).isEqualTo("123");
            assertThat(types.indexOf("call.gather.ended")).as("the gather ended after its third key (the call's fourth), before the next")
                    .isGreaterThan(dtmfIndex(events, 4)).isLessThan(dtmfIndex(events, 5)); // keys 0, 1, 2, 3 then 5s

            String next = "+15550300003"; // new calls are taken again
            try (TinySipPhone after = new TinySipPhone(server.server.sipPort())) {
                after.invite(next);
                server.hangup(server.awaitInitiated(next).callControlId());
            }
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("voicegather.db"))) {
            assertThat(single(c, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(single(c, "SELECT COUNT(*) - COUNT(DISTINCT event_id) FROM webhook_outbox"))
                    .as("no event stored twice").isEqualTo("0");
        }
    }

    /** Empties the WAL (so that the next commit must grow a file) and fills the rest of the disk. */
    private static void fillTheDisk(Path data, Path filler) throws IOException, SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("voicegather.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).as("the disk is full").containsIgnoringCase("space");
        }
    }

    private static void press(TinySipPhone phone, char key, StringBuilder pressed)
            throws IOException, InterruptedException {
        phone.pressKey(key);
        pressed.append(key);
    }

    private static ObjectNode gather(String clientState) {
        ObjectNode body = E2eServer.body();
        body.put("maximum_digits", 3);
        body.put("timeout_millis", 60_000);
        body.put("client_state", clientState);
        return body;
    }

    /** Position of the n-th (1-based) call.dtmf.received among the call's events. */
    private static int dtmfIndex(List<WebhookReceiver.Event> events, int n) {
        int seen = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).eventType().equals("call.dtmf.received") && ++seen == n) {
                return i;
            }
        }
        throw new AssertionError("fewer than " + n + " keys reported");
    }

    private int uncommitted(E2eServer server) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(server, "/metrics"))
                .header("Authorization", "Bearer " + E2eServer.API_KEY).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = UNCOMMITTED.matcher(r.body());
        assertThat(m.find()).as("the uncommitted gauge in /metrics").isTrue();
        return (int) Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> post(E2eServer server, String path, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(server, path))
                .header("Authorization", "Bearer " + E2eServer.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(E2eServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.server.httpPort() + path);
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
