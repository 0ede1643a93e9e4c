package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dev phone's WebSocket without a browser (a Java client does what the page does): what it refuses, and how a
 * call ends when the application hangs up, when the page hangs up before the answer, and when the page just goes.
 */
class DevPhoneEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void badFieldsAndEarlyKeysAreRefusedTheCallRingsAndTheApplicationsHangupEndsIt() throws Exception {
        try (E2eServer server = E2eServer.withDevPhone(dir);
             DevPhoneSocket page = DevPhoneSocket.open(server)) {
            page.send("{'action':'call','to':'sip:100@evil','from':'me'}");
            page.expectError("number takes 1 to 32 of the characters 0-9 A-Z a-z + . _ * -");
            page.send("{'action':'key','key':'1'}");
            page.expectError("keys are sent once the call is answered");
            page.send("{'action':'dance'}");
            page.expectError("unknown action 'dance' (call, key, hangup)");

            page.call("+15550100", "java-page");
            String id = server.awaitInitiated("java-page").callControlId();
            page.send("{'action':'call','to':'+15550100','from':'java-page'}");
            page.expectError("already in a call: hang up first");
            server.answer(id);
            page.expectState("answered");
            page.send("{'action':'key','key':'x'}");
            page.expectError("a key is one of 0-9 * # A-D");
            server.command(id, "speak", E2eServer.body().put("payload", "Hello from the application.").put("voice", "female"));
            await().atMost(E2eServer.WAIT).until(() -> page.audioBytes() >= 8000); // half a second of PCM16

            server.hangup(id);
            assertThat(page.expectState("ended").path("detail").asText()).startsWith("hung up by the server");
            assertThat(server.await("call.hangup", id).payload().path("hangup_source").asText()).isEqualTo("callee");
        }
    }

    @Test
    void aHangupBeforeTheAnswerCancelsTheInvite() throws Exception {
        try (E2eServer server = E2eServer.withDevPhone(dir);
             DevPhoneSocket page = DevPhoneSocket.open(server)) {
            page.call("+15550100", "early-quitter");
            String id = server.awaitInitiated("early-quitter").callControlId();
            page.send("{'action':'hangup'}");
            page.expectState("hanging up");
            assertThat(page.expectState("ended").path("detail").asText()).startsWith("cancelled");
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_cause").asText()).isEqualTo("originator_cancel");
        }
    }

    @Test
    void aPageThatGoesMidCallHangsItsCallUp() throws Exception {
        try (E2eServer server = E2eServer.withDevPhone(dir)) {
            String id;
            try (DevPhoneSocket page = DevPhoneSocket.open(server)) {
                page.call("+15550100", "closed-tab");
                id = server.awaitInitiated("closed-tab").callControlId();
                server.answer(id);
                page.expectState("answered");
            } // the connection drops here, with no hang-up sent
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("caller");
        }
    }
}
