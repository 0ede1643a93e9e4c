package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Baresip;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/** A real softphone (baresip) calls the server, the app answers and gathers, and the phone's keys are collected. */
class BaresipEndToEndTest {
    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requireInstalled();
        Baresip.requireInstalled();
    }

    @Test
    void baresipAsARealPhone() throws Exception {
        try (Baresip phone = Baresip.start(dir.resolve("phone"), Baresip.Options.defaults())) {
            assertThat(phone.dial("sip:1000@127.0.0.1:" + server.server.sipPort()).ok()).as(phone.log()).isTrue();
            String id = server.awaitInitiated(Baresip.Options.defaults().user()).callControlId();
            server.answer(id);
            phone.awaitEvent("CALL_ESTABLISHED", E2eServer.WAIT);
            // a first key proves the phone's media reaches the server, without guessing how long that takes;
            // pressed before the gather, it must not count in it (no type-ahead)
            phone.pressKeys("9", Duration.ofMillis(120), Duration.ofMillis(200));
            server.awaitDigit(id, '9');
            server.command(id, "gather", body().put("gather_id", "g-phone")
                    .put("initial_timeout_millis", 15000).put("inter_digit_timeout_millis", 15000));

            phone.pressKeys("42#", Duration.ofMillis(120), Duration.ofMillis(200));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).as(ended.payload().toString()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).as(phone.log()).isEqualTo("42");
            assertThat(ended.payload().path("gather_id").asText()).isEqualTo("g-phone");
            server.awaitDigit(id, '#');
            assertThat(server.dtmfDigits(id)).isEqualTo("942#");

            server.hangup(id);
            phone.awaitEvent("CALL_CLOSED", E2eServer.WAIT);
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("callee");
            assertThat(server.events(id, "call.gather.ended")).hasSize(1);
        }
        server.assertAllSignaturesValid();
    }
}
