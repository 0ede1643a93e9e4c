package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that finds it was claimed (docs/cluster.md, row F6): a survivor has taken its webhooks and open calls and
 * told the application they hung up, so the node ends its live calls too: the caller gets a BYE; it takes no new
 * calls (/ready 503) and sends nothing more. The claim is written into the node table as a survivor writes it.
 */
class LeaseLostEndToEndTest {
    @TempDir
    Path data;
    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void aClaimedNodeHangsUpItsLiveCalls() throws Exception {
        DatabaseSettings db = PostgresServer.shared().createDatabase("lease_lost_" + System.nanoTime());
        try (E2eServer server = E2eServer.start(data, 8, "--database-url", db.url(), "--database-user", db.user(),
                "--database-password", db.password(), "--node-id", "1", "--node-lease-renew-seconds", "1",
                "--node-lease-seconds", "3")) {
            try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "claimed", SippCaller.keys().digits("1"))) {
                String id = server.awaitInitiated("claimed").callControlId();
                server.answer(id);
                server.awaitDigit(id, '1'); // SIPp is past its keys: a BYE is what it waits for now
                int before = server.hooks.events().size();

                try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                     Statement st = c.createStatement()) {
                    assertThat(st.executeUpdate("UPDATE node SET claimed_by = 2 WHERE node_id = 1")).isOne();
                }

                SippCaller.assertSucceeded(phone.await(), 1); // the node's BYE ended the call
                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + server.server.httpPort() + "/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(503);
                // its own call.hangup is fenced off: the survivor's stands alone
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                        .until(() -> server.hooks.events().size() == before);
            }
        }
    }
}
