package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.TinySipPhone;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.webhook.SigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/robustness.md: the address guard covers what the server fetches on a request's behalf (audio_url,
 * media_url). The other URL fields of a command, answer's webhook_url and webhook_failover_url, are never fetched:
 * with the guard on, a loopback one is accepted, and all it ever gets is this call's signed webhooks, POSTed.
 */
class UrlFieldsNotFetchedEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void answersWebhookUrlsOnlyReceiveTheCallsEvents() throws Exception {
        Path data = dir.resolve("data");
        try (E2eServer server = E2eServer.start(data, 4, "--audio-url-block-private", "true");
             WebhookReceiver callApp = WebhookReceiver.start(SigningKeys.loadOrCreate(data).publicKeyBase64());
             TinySipPhone phone = new TinySipPhone(server.server.sipPort())) {
            phone.invite("+15550190");
            String id = server.awaitInitiated("+15550190").callControlId();
            ApiClient.Response r = server.api.action(id, "answer", "{\"webhook_url\":\"" + callApp.url()
                    + "/call\",\"webhook_failover_url\":\"" + callApp.url() + "/failover\"}");
            assertThat(r.status()).as("not judged by the guard: " + r.body()).isEqualTo(200);
            phone.awaitAnsweredAndAck(E2eServer.WAIT.toMillis());
            callApp.await("call.answered", id, E2eServer.WAIT);
            server.hangup(id);
            callApp.await("call.hangup", id, E2eServer.WAIT);

            assertThat(callApp.requests()).as("only the call's events, each a POST to the URL itself")
                    .allSatisfy(req -> {
                        assertThat(req.method()).isEqualTo("POST");
                        assertThat(req.path()).endsWith("/call");
                    });
            assertThat(callApp.events()).extracting(WebhookReceiver.Event::eventType)
                    .containsExactly("call.answered", "call.hangup");
            assertThat(callApp.rejected()).as("every one signed").isEmpty();
        }
    }
}
