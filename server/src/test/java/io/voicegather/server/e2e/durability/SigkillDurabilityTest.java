package io.voicegather.server.e2e.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voicegather.server.e2e.durability.PinnedPortReceiver.Delivery;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FreePorts;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.SqliteDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * At-least-once webhooks across a crash, with every part real: a server JVM, a SIPp call playing RFC 4733 digits,
 * and a webhook endpoint on a fixed port. The endpoint answers and starts a gather, then stops answering (it is
 * replaced by a socket that accepts connections and never replies, with a long delivery timeout, so the events stay
 * pending instead of being given up by the retry policy). Once the database holds the call's hangup, the server is
 * killed with SIGKILL. A new endpoint on the same port and a new server on the same data folder must then receive
 * every event the first process recorded, in order, signed with the same key, each data.id exactly once.
 */
class SigkillDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_KEY = "durability-key";

    @TempDir
    Path dir;

    /** One row of the webhook outbox as the killed process left it. */
    record OutboxRow(long seq, String id, String eventType, String state, JsonNode payload) {
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void eventsRecordedBeforeSigkillAreDeliveredAfterRestartInOrder() throws Exception {
        Sipp.requirePcapPlayback();
        Path data = dir.resolve("data");
        ServerPorts ports = ServerPorts.free();
        List<String> flags = ports.flags(data, API_KEY, "--webhook-timeout-millis", "120000");
        ApiClient api = ports.api(API_KEY);
        RtpPcapWriter media = new RtpPcapWriter().silence(1500).digits("1234#").silence(300);
        Path pcap = media.write(dir.resolve("digits.pcap"));

        String publicKey;
        String callControlId;
        List<OutboxRow> leftBehind;
        try (ServerProcess first = ServerProcess.start(flags, dir.resolve("server-1.log"))) {
            publicKey = first.awaitStarted(Duration.ofSeconds(60));

            // 1. the app answers the call and starts a gather, then goes away
            CompletableFuture<String> gathering = new CompletableFuture<>();
            Sipp.Result sipp;
            try (PinnedPortReceiver app = PinnedPortReceiver.start(ports.hook(), publicKey)) {
                app.onEvent(e -> {
                    try {
                        String id = e.payload().path("call_control_id").asText();
                        if (e.eventType().equals("call.initiated")) {
                            assertThat(api.action(id, "answer", "{}").status()).isEqualTo(200);
                        } else if (e.eventType().equals("call.answered")) {
                            ApiClient.Response r = api.action(id, "gather",
                                    "{\"maximum_digits\":10,\"terminating_digit\":\"#\"}");
                            assertThat(r.status()).as(r.body()).isEqualTo(200);
                            gathering.complete(id);
                        }
                    } catch (Throwable t) {
                        gathering.completeExceptionally(t);
                    }
                });
                Sipp.Running call = Sipp.uac("uac_pcap.xml", "127.0.0.1:" + ports.sip(), dir)
                        .mediaPort(FreePorts.block(4)).pcap(pcap).callIdPrefix("durable")
                        .recvTimeout(Duration.ofMillis(media.durationMs() + 1000))
                        .timeout(Duration.ofSeconds(60)).start();
                try (call) {
                    callControlId = gathering.get(30, TimeUnit.SECONDS);
                    app.close();
                    // 2. the endpoint now takes connections and never answers: deliveries hang, rows stay pending
                    try (ServerSocket blackHole = new ServerSocket()) {
                        blackHole.setReuseAddress(true);
                        blackHole.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.hook()), 50);
                        sipp = call.await();
                        assertThat(sipp.exitCode()).as(sipp.describe()).isZero();
                        // 3. wait until the first process has recorded the hangup, then crash it
                        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                                outbox(data).stream().anyMatch(r -> r.eventType().equals("call.hangup")));
                        assertThat(first.kill()).as("128 + SIGKILL").isEqualTo(137);
                    }
                }
            }
            leftBehind = outbox(data);
        }

        List<OutboxRow> pending = leftBehind.stream().filter(r -> r.state().equals("pending")).toList();
        assertThat(pending).as("rows left by the killed process: " + leftBehind)
                .extracting(OutboxRow::eventType).containsExactly("call.dtmf.received", "call.dtmf.received",
                        "call.dtmf.received", "call.dtmf.received", "call.dtmf.received", "call.gather.ended",
                        "call.hangup");
        assertThat(pending).extracting(r -> r.payload().path("call_control_id").asText()).containsOnly(callControlId);
        assertThat(pending.subList(0, 5)).extracting(r -> r.payload().path("digit").asText())
                .containsExactly("1", "2", "3", "4", "#");
        assertThat(pending.get(5).payload().path("digits").asText()).isEqualTo("1234");
        assertThat(pending.get(5).payload().path("status").asText()).isEqualTo("valid");
        assertThat(leftBehind.stream().filter(r -> r.state().equals("delivered")).map(OutboxRow::eventType))
                .containsExactly("call.initiated", "call.answered");

        // 4. a new endpoint on the same URL, a new server on the same data folder
        try (PinnedPortReceiver app = PinnedPortReceiver.start(ports.hook(), publicKey);
             ServerProcess second = ServerProcess.start(flags, dir.resolve("server-2.log"))) {
            assertThat(second.awaitStarted(Duration.ofSeconds(60))).as("key kept in the data folder")
                    .isEqualTo(publicKey);
            List<String> expectedIds = pending.stream().map(OutboxRow::id).toList();
            List<Delivery> got = app.awaitAccepted(d -> d.size() >= expectedIds.size()
                    && d.stream().map(Delivery::id).anyMatch(expectedIds.get(expectedIds.size() - 1)::equals),
                    Duration.ofSeconds(60));

            assertThat(app.deliveries()).extracting(Delivery::rejectReason).containsOnlyNulls();
            assertThat(got).extracting(Delivery::id).containsExactlyElementsOf(expectedIds);
            assertThat(Set.copyOf(expectedIds)).hasSize(expectedIds.size());
            assertThat(got).extracting(Delivery::eventType)
                    .containsExactlyElementsOf(pending.stream().map(OutboxRow::eventType).toList());
            assertThat(got).extracting(d -> d.payload().path("digit").asText(null)).startsWith("1", "2", "3", "4", "#");
            assertThat(got.get(5).payload().path("digits").asText()).isEqualTo("1234");
            assertThat(got).allSatisfy(d -> assertThat(d.attempt()).isPositive());
            // the delivered bodies are the recorded ones: the same data.payload bytes as before the crash
            for (int i = 0; i < got.size(); i++) {
                assertThat(got.get(i).payload()).isEqualTo(pending.get(i).payload());
            }
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                    outbox(data).stream().noneMatch(r -> r.state().equals("pending")));
        }
    }

    /** Every row of the outbox, oldest first, read from the database file as another process would. */
    private static List<OutboxRow> outbox(Path dataDir) throws SQLException, IOException {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, event_id, data_json, state FROM webhook_outbox ORDER BY seq")) {
            while (rs.next()) {
                JsonNode d = JSON.readTree(rs.getString("data_json"));
                rows.add(new OutboxRow(rs.getLong("seq"), rs.getString("event_id"), d.path("event_type").asText(),
                        rs.getString("state"), d.path("payload")));
            }
        }
        return rows;
    }
}
