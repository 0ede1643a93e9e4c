package io.voicegather.server.e2e;

import io.voicegather.server.call.CallIds;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static io.voicegather.server.e2e.E2eServer.body;
import static io.voicegather.server.e2e.E2eServer.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes that know each other (--node-id, --cluster-nodes); a real SIPp call lands on node 1, and the
 * application sends every command to node 2, which forwards each to node 1 and answers with node 1's answer:
 * the call answers, gathers its keys and hangs up; its status and its errors come back unchanged. A request already
 * forwarded is not forwarded again; once node 1 is gone, its call answers as an ended call.
 */
class ForwardingEndToEndTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;
    @TempDir
    Path dataOne;
    @TempDir
    Path dataTwo;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void anyNodeTakesTheCommandsOfACallAnotherNodeOwns() throws Exception {
        int portOne = freePort();
        int portTwo = freePort();
        String nodes = "1=http://127.0.0.1:" + portOne + ",2=http://127.0.0.1:" + portTwo;
        E2eServer one = E2eServer.start(dataOne, 20, "--http-port", Integer.toString(portOne), "--node-id", "1",
                "--cluster-nodes", nodes);
        try (E2eServer two = E2eServer.start(dataTwo, 20, "--http-port", Integer.toString(portTwo), "--node-id", "2",
                "--cluster-nodes", nodes)) {
            String id;
            try (Sipp.Running phone = SippCaller.waitingForBye(one, dir, "owned", SippCaller.keys().digits("12#"))) {
                id = one.awaitInitiated("owned").callControlId();
                assertThat(CallIds.nodeOf(id)).as("the id names its node").isEqualTo(1);

                two.answer(id); // sent to node 2, applied by node 1
                ApiClient.Response badGather = two.action(id, "gather", body().put("maximum_digits", 0));
                ApiClient.Response badGatherAtOwner = one.action(id, "gather", body().put("maximum_digits", 0));
                assertThat(badGather.status()).isEqualTo(badGatherAtOwner.status()).isEqualTo(422);
                assertThat(badGather.body()).as("the owner's error, unchanged").isEqualTo(badGatherAtOwner.body());
                two.command(id, "gather", body().put("maximum_digits", 5).put("terminating_digit", "#")
                        .put("initial_timeout_millis", 15000));
                WebhookReceiver.Event ended = one.await("call.gather.ended", id);
                assertThat(ended.payload().path("digits").asText()).isEqualTo("12");

                ApiClient.Response status = two.retrieve(id);
                assertThat(status.status()).isEqualTo(200);
                assertThat(status.json().path("data").path("call_control_id").asText()).isEqualTo(id);
                assertThat(status.json().path("data").path("is_alive").asBoolean()).isTrue();

                HttpResponse<String> alreadyForwarded = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + portTwo + "/v2/calls/" + id))
                        .header("Authorization", "Bearer " + E2eServer.API_KEY)
                        .header("X-Voicegather-Forwarded-By", "1").GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(alreadyForwarded.statusCode()).as("not forwarded twice: unknown here").isEqualTo(422);
                assertThat(alreadyForwarded.body()).contains("90015");

                two.hangup(id);
                SippCaller.assertSucceeded(phone.await(), 1);
                one.await("call.hangup", id);
            }
            assertThat(two.hooks.events()).as("the call's webhooks come from its own node").isEmpty();

            one.close(); // node 1 is gone, and its call with it
            ApiClient.Response gone = two.action(id, "hangup", body());
            assertThat(gone.status()).isEqualTo(422);
            assertThat(errorCode(gone)).as(gone.body()).isEqualTo("90018");
        } finally {
            one.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
