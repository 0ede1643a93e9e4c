package io.voicegather.client;

import io.voicegather.server.e2e.peers.TinySipPhone;

import io.voicegather.client.errors.UnprocessableEntityException;
import io.voicegather.client.models.calls.CallRetrieveStatusResponse;
import io.voicegather.client.models.calls.actions.ActionAnswerParams;
import io.voicegather.client.models.calls.actions.ActionGatherParams;
import io.voicegather.client.models.calls.actions.ActionUpdateClientStateParams;
import io.voicegather.client.models.webhooks.CallAnswered;
import io.voicegather.client.models.webhooks.CallDtmfReceived;
import io.voicegather.client.models.webhooks.CallGatherEnded;
import io.voicegather.client.models.webhooks.CallHangup;
import io.voicegather.client.models.webhooks.CallInitiated;
import io.voicegather.client.models.webhooks.WebhookEvent;
import io.voicegather.server.VoicegatherServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One whole call through the SDK: a SIP phone calls the real server, the application learns of it by a signed
 * webhook that {@code unwrap} verifies with the server's real key, answers, gathers two digits, and hangs up.
 */
class RealCallTest {
    private static final long WAIT_MILLIS = 30_000;

    @TempDir
    Path dataDir;

    private final List<WebhookEvent> seen = new ArrayList<>();

    @Test
    void aCallFromInviteToHangup() throws Exception {
        try (WebhookInbox inbox = new WebhookInbox();
             VoicegatherServer server = RealServer.start(dataDir, "--webhook-url", inbox.url());
             TinySipPhone phone = new TinySipPhone(server.sipPort())) {
            VoicegatherClient client = RealServer.client(server);
            var actions = client.calls().actions();

            phone.invite();
            CallInitiated initiated = next(client, inbox, CallInitiated.class);
            String id = initiated.call().callControlId();
            assertThat(initiated.direction()).isEqualTo("incoming");
            assertThat(initiated.state()).isEqualTo("parked");
            assertThat(initiated.call().from()).contains("+15550001");

            CallRetrieveStatusResponse status = client.calls().retrieveStatus(id);
            assertThat(status.data().isAlive()).isTrue();
            assertThat(status.data().callControlId()).isEqualTo(id);

            // gather before answer is refused with the documented call-state error
            UnprocessableEntityException early = catchThrowableOfType(UnprocessableEntityException.class,
                    () -> actions.gather(id));
            assertThat(early.code()).isEqualTo("90034");

            assertThat(actions.answer(id, ActionAnswerParams.builder().clientState("c3RhcnQ=").build())
                    .data().result()).isEqualTo("ok");
            phone.awaitAnsweredAndAck(WAIT_MILLIS);
            CallAnswered answered = next(client, inbox, CallAnswered.class);
            assertThat(answered.call().clientState()).isEqualTo("c3RhcnQ=");

            assertThat(actions.updateClientState(id, ActionUpdateClientStateParams.builder().clientState("bWVudQ==")
                    .build()).data().result()).isEqualTo("ok");
            assertThat(client.async().calls().actions().gather(id, ActionGatherParams.builder()
                    .maximumDigits(2).terminatingDigit("#").gatherId("menu").build())
                    .get(WAIT_MILLIS, TimeUnit.MILLISECONDS).data().result()).isEqualTo("ok");
            phone.pressKey('4');
            phone.pressKey('2');
            assertThat(next(client, inbox, CallDtmfReceived.class).digit()).isEqualTo("4");
            assertThat(next(client, inbox, CallDtmfReceived.class).digit()).isEqualTo("2");
            CallGatherEnded gathered = next(client, inbox, CallGatherEnded.class);
            assertThat(gathered.digits()).isEqualTo("42");
            assertThat(gathered.status()).isEqualTo("valid");
            assertThat(gathered.gatherId()).isEqualTo("menu");
            assertThat(gathered.call().clientState()).isEqualTo("bWVudQ==");

            assertThat(actions.hangup(id).data().result()).isEqualTo("ok");
            CallHangup hangup = next(client, inbox, CallHangup.class);
            assertThat(hangup.call().callControlId()).isEqualTo(id);
            assertThat(hangup.hangupSource()).isNotBlank();
        }
    }

    /** The next event of this type, every delivery verified with the server's real public key on the way. */
    private <T extends WebhookEvent> T next(VoicegatherClient client, WebhookInbox inbox, Class<T> type)
            throws InterruptedException {
        for (WebhookEvent e : seen) {
            if (type.isInstance(e)) {
                seen.remove(e);
                return type.cast(e);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (true) {
            WebhookInbox.Delivery d = inbox.deliveries.poll(Math.max(1, deadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (d == null) {
                throw new AssertionError("no " + type.getSimpleName() + " webhook; saw " + seen);
            }
            WebhookEvent e = client.webhooks().unwrap(d.body(), d.headers());
            if (type.isInstance(e)) {
                return type.cast(e);
            }
            seen.add(e);
        }
    }
}
