package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gather over real SIP and RTP: a SIPp phone calls the in-process server and plays RFC 4733 keys from a pcap; the
 * test plays the app, reacting to signed webhooks with REST commands (answer, gather, gather_stop, hangup).
 * Timer cases use short timeouts; every other knob is generous, and only outcomes are asserted.
 */
class GatherEndToEndTest {
    /** Long enough that no timer fires while the lead silence and the keys play. */
    private static final long PATIENT_MS = 15000;

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(40);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void terminator() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "terminator",
                SippCaller.keys().digits("1234#"))) {
            String id = answered("terminator");
            server.command(id, "gather", patientGather().put("gather_id", "g-term"));

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertEnded(ended, "valid", "1234", "g-term");
            server.awaitDigit(id, '#');
            assertThat(server.dtmfDigits(id)).isEqualTo("1234#");

            hangUpAndFinish(id, phone);
        }
    }

    @Test
    void maximumDigits() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "maxdigits",
                SippCaller.keys().digits("12345"))) {
            String id = answered("maxdigits");
            server.command(id, "gather", patientGather().put("maximum_digits", 3));

            assertEnded(server.await("call.gather.ended", id), "valid", "123", null);
            server.awaitDigit(id, '5');   // later keys are still reported, after the gather ended
            assertThat(server.dtmfDigits(id)).isEqualTo("12345");
            // the gather ended at the 3rd key, without waiting for more
            List<String> kinds = kinds(id);
            assertThat(kinds.subList(0, kinds.indexOf("call.gather.ended")))
                    .filteredOn("call.dtmf.received"::equals).hasSize(3);

            hangUpAndFinish(id, phone);
            assertThat(server.events(id, "call.gather.ended")).hasSize(1);
        }
    }

    @Test
    void interDigitTimeoutWithPartialDigits() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "interdigit",
                SippCaller.keys().digits("12"))) {
            String id = answered("interdigit");
            server.command(id, "gather", patientGather().put("minimum_digits", 4)
                    .put("inter_digit_timeout_millis", 1500));

            assertEnded(server.await("call.gather.ended", id), "invalid", "12", null);
            assertThat(server.dtmfDigits(id)).isEqualTo("12");

            hangUpAndFinish(id, phone);
        }
    }

    @Test
    void initialTimeout() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "initial",
                new RtpPcapWriter().silence(500))) {
            String id = answered("initial");
            server.command(id, "gather", body().put("initial_timeout_millis", 1500));

            assertEnded(server.await("call.gather.ended", id), "timeout", "", null);

            hangUpAndFinish(id, phone);
            assertThat(server.events(id, "call.dtmf.received")).isEmpty();
        }
    }

    @Test
    void invalidDigit() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "invaliddigit",
                SippCaller.keys().digits("19#"))) {
            String id = answered("invaliddigit");
            server.command(id, "gather", patientGather().put("valid_digits", "123"));

            assertEnded(server.await("call.gather.ended", id), "invalid", "19", null);
            server.awaitDigit(id, '#');
            assertThat(server.dtmfDigits(id)).isEqualTo("19#");

            hangUpAndFinish(id, phone);
        }
    }

    @Test
    void gatherStopMidGather() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "gatherstop",
                SippCaller.keys().digits("12").silence(3000).digits("3#"))) {
            String id = answered("gatherstop");
            server.command(id, "gather", patientGather().put("gather_id", "g-stop"));
            server.awaitDigit(id, '2');
            server.command(id, "gather_stop", body());

            assertEnded(server.await("call.gather.ended", id), "cancelled", "12", "g-stop");
            server.awaitDigit(id, '#');   // keys after the stop belong to no gather

            hangUpAndFinish(id, phone);
            assertThat(server.events(id, "call.gather.ended")).hasSize(1);
            assertThat(server.dtmfDigits(id)).isEqualTo("123#");
        }
    }

    @Test
    void secondGatherWhileOneRuns() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "secondgather",
                SippCaller.keys().digits("12").silence(3000).digits("34#"))) {
            String id = answered("secondgather");
            server.command(id, "gather", patientGather().put("gather_id", "first"));
            server.awaitDigit(id, '2');
            server.command(id, "gather", patientGather().put("gather_id", "second"));

            WebhookReceiver.Event second = server.hooks.await(e -> e.eventType().equals("call.gather.ended")
                    && id.equals(e.callControlId()) && e.payload().path("gather_id").asText().equals("second"),
                    E2eServer.WAIT);
            assertEnded(second, "valid", "34", "second");

            hangUpAndFinish(id, phone);
            List<WebhookReceiver.Event> ended = server.events(id, "call.gather.ended");
            assertThat(ended).extracting(e -> e.payload().path("gather_id").asText())
                    .containsExactly("first", "second");
            assertEnded(ended.get(0), "cancelled", "12", "first");
        }
    }

    @Test
    void duplicateCommandId() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "duplicate",
                new RtpPcapWriter().silence(500))) {
            String id = answered("duplicate");
            ObjectNode gather = body().put("initial_timeout_millis", 1500).put("command_id", "cmd-1");
            ApiClient.Response first = server.action(id, "gather", gather);
            ApiClient.Response repeat = server.action(id, "gather", gather);
            assertThat(first.status()).as(first.body()).isEqualTo(200);
            assertThat(repeat.status()).as(repeat.body()).isEqualTo(200);
            assertEnded(server.await("call.gather.ended", id), "timeout", "", null);

            server.command(id, "gather", body().put("initial_timeout_millis", 1500).put("command_id", "cmd-2")
                    .put("gather_id", "after"));
            WebhookReceiver.Event after = server.hooks.await(e -> e.eventType().equals("call.gather.ended")
                    && id.equals(e.callControlId()) && e.payload().path("gather_id").asText().equals("after"),
                    E2eServer.WAIT);
            assertEnded(after, "timeout", "", "after");

            hangUpAndFinish(id, phone);
            // a repeat that ran would have cancelled the first gather: a third gather.ended
            assertThat(server.events(id, "call.gather.ended")).extracting(e -> e.payload().path("status").asText())
                    .containsExactly("timeout", "timeout");
        }
    }

    @Test
    void clientState() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "clientstate",
                SippCaller.keys().digits("5#"))) {
            String id = server.awaitInitiated("clientstate").callControlId();
            server.command(id, "answer", body().put("client_state", "YQ=="));
            server.command(id, "gather", patientGather().put("client_state", "Yg=="));

            assertThat(server.await("call.answered", id).payload().path("client_state").asText()).isEqualTo("YQ==");
            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertEnded(ended, "valid", "5", null);
            assertThat(ended.payload().path("client_state").asText()).isEqualTo("Yg==");
            assertThat(server.awaitDigit(id, '5').payload().path("client_state").asText()).isEqualTo("Yg==");

            ApiClient.Response live = server.retrieve(id);
            assertThat(live.status()).as(live.body()).isEqualTo(200);
            assertThat(live.json().path("data").path("is_alive").asBoolean()).isTrue();
            assertThat(live.json().path("data").path("client_state").asText()).isEqualTo("Yg==");
            assertThat(live.json().path("data").path("call_control_id").asText()).isEqualTo(id);

            WebhookReceiver.Event hangup = hangUpAndFinish(id, phone);
            assertThat(hangup.payload().path("client_state").asText()).isEqualTo("Yg==");
            ApiClient.Response ended2 = server.retrieve(id);
            assertThat(ended2.status()).as(ended2.body()).isEqualTo(200);
            assertThat(ended2.json().path("data").path("is_alive").asBoolean()).isFalse();
        }
    }

    @Test
    void digitsOutsideAGatherAndNoTypeAhead() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "typeahead",
                SippCaller.keys().digits("7*#"))) {
            String id = answered("typeahead");
            server.awaitDigit(id, '#');   // every key arrived while no gather ran
            assertThat(server.dtmfDigits(id)).isEqualTo("7*#");

            server.command(id, "gather", body().put("initial_timeout_millis", 1500));
            assertEnded(server.await("call.gather.ended", id), "timeout", "", null);

            hangUpAndFinish(id, phone);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static ObjectNode patientGather() {
        return body().put("initial_timeout_millis", PATIENT_MS).put("inter_digit_timeout_millis", PATIENT_MS)
                .put("timeout_millis", 3 * PATIENT_MS);
    }

    /** Waits for the caller's call.initiated and answers it; returns its call_control_id. */
    private static String answered(String caller) throws Exception {
        String id = server.awaitInitiated(caller).callControlId();
        server.answer(id);
        return id;
    }

    /** The app hangs up: the phone must see our BYE (SIPp exits 0), and call.hangup names the app as the source. */
    private static WebhookReceiver.Event hangUpAndFinish(String id, Sipp.Running phone)
            throws IOException, InterruptedException, TimeoutException {
        server.hangup(id);
        SippCaller.assertSucceeded(phone.await(), 1);
        WebhookReceiver.Event hangup = server.await("call.hangup", id);
        assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("callee");
        assertThat(kinds(id)).startsWith("call.initiated", "call.answered").endsWith("call.hangup");
        return hangup;
    }

    private static List<String> kinds(String id) {
        return server.events(id).stream().map(WebhookReceiver.Event::eventType).toList();
    }

    private static void assertEnded(WebhookReceiver.Event ended, String status, String digits, String gatherId) {
        assertThat(ended.payload().path("status").asText()).as(ended.payload().toString()).isEqualTo(status);
        assertThat(ended.payload().path("digits").asText()).as(ended.payload().toString()).isEqualTo(digits);
        if (gatherId != null) {
            assertThat(ended.payload().path("gather_id").asText()).isEqualTo(gatherId);
        } else {
            assertThat(ended.payload().path("gather_id").asText()).isNotEmpty();
        }
    }
}
