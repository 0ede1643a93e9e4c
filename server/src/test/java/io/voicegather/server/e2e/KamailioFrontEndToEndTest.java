package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Kamailio;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes behind Kamailio with the project's configuration (deploy/kamailio/kamailio.cfg), real SIPp phones
 * calling Kamailio: calls are shared round-robin between the nodes; each call's gather works on the node that owns
 * it; the node's BYE reaches the phone through Kamailio (record-route). A drained node gets no new call: Kamailio's
 * probe sees its 503, and an INVITE it refuses goes to the other node.
 */
class KamailioFrontEndToEndTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    @TempDir
    Path dataA;
    @TempDir
    Path dataB;
    @TempDir
    Path kamailioDir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
        Kamailio.requireInstalled();
    }

    @Test
    void callsAreSharedByTheNodesAndADrainedNodeGetsNoNewOne() throws Exception {
        try (E2eServer a = E2eServer.start(dataA, 20); E2eServer b = E2eServer.start(dataB, 20);
             Kamailio front = Kamailio.start(kamailioDir, List.of(a.sipTarget(), b.sipTarget()), 1)) {
            Map<String, E2eServer> nodes = Map.of("a", a, "b", b);

            List<String> first = placeAndGather(front, nodes, "front", 4);
            assertThat(first).as(front.log()).containsExactlyInAnyOrder("a", "a", "b", "b");

            HttpResponse<String> drain = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + a.server.httpPort() + "/admin/drain"))
                    .header("Authorization", "Bearer " + E2eServer.API_KEY)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(drain.statusCode()).isEqualTo(202);

            List<String> afterDrain = placeAndGather(front, nodes, "after", 3);
            assertThat(afterDrain).as(front.log()).containsOnly("b");
        }
    }

    /** Places {@code count} calls at once through Kamailio; each node's app answers and gathers; returns who took each. */
    private List<String> placeAndGather(Kamailio front, Map<String, E2eServer> nodes, String prefix, int count)
            throws Exception {
        List<Sipp.Running> phones = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                phones.add(SippCaller.waitingForBye(front.target(), dir, prefix + i,
                        SippCaller.keys().digits("12#"), QuietPorts.forPhone(8)));
            }
            List<String> owners = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String caller = prefix + i;
                String[] owner = {null};
                WebhookReceiver.Event[] initiated = {null};
                try {
                    await().atMost(Duration.ofSeconds(20)).until(() -> {
                        for (Map.Entry<String, E2eServer> node : nodes.entrySet()) {
                            for (WebhookReceiver.Event e : node.getValue().hooks.events()) {
                                if (e.eventType().equals("call.initiated")
                                        && caller.equals(e.payload().path("from").asText())) {
                                    owner[0] = node.getKey();
                                    initiated[0] = e;
                                    return true;
                                }
                            }
                        }
                        return false;
                    });
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(caller + " was initiated on no node within 20 s\nphone: "
                            + describe(phones.get(i)) + "\nkamailio log:\n" + front.log(), e);
                }
                E2eServer node = nodes.get(owner[0]);
                String id = initiated[0].callControlId();
                node.answer(id);
                node.command(id, "gather", body().put("maximum_digits", 5).put("terminating_digit", "#")
                        .put("initial_timeout_millis", 15000));
                owners.add(owner[0]);
            }
            for (int i = 0; i < count; i++) {
                String caller = prefix + i;
                E2eServer node = nodes.get(owners.get(i));
                String id = node.awaitInitiated(caller).callControlId();
                WebhookReceiver.Event ended = node.await("call.gather.ended", id);
                assertThat(ended.payload().path("digits").asText()).as(caller).isEqualTo("12");
                node.hangup(id); // the node's BYE goes to the phone through Kamailio
            }
            for (Sipp.Running phone : phones) {
                SippCaller.assertSucceeded(phone.await(), 1);
            }
            phones.clear();
            return owners;
        } finally {
            for (Sipp.Running phone : phones) {
                phone.close();
            }
        }
    }

    /** A phone still running, or what it printed when it ended early. */
    private static String describe(Sipp.Running phone) throws InterruptedException, IOException {
        return phone.isAlive() ? "still running" : phone.await().describe();
    }
}
