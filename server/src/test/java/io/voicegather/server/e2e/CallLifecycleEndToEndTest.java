package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.voicegather.server.e2e.E2eServer.body;
import static io.voicegather.server.e2e.E2eServer.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How calls end and which commands a call accepts in each state, over real SIP: hangup by the app or by the phone
 * in the middle of a gather, CANCEL before answer, commands on unanswered, unknown and ended calls, and an offer
 * the server cannot accept.
 */
class CallLifecycleEndToEndTest {
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
    void hangupByTheAppMidGather() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "apphangup",
                SippCaller.keys().digits("12"))) {
            String id = answered("apphangup");
            server.command(id, "gather", patientGather().put("gather_id", "g-app"));
            server.awaitDigit(id, '2');

            server.hangup(id);
            SippCaller.assertSucceeded(phone.await(), 1);   // uac_wait_bye requires our BYE

            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("callee");
            assertThat(hangup.payload().path("hangup_cause").asText()).isEqualTo("normal_clearing");
            assertGatherEndedByHangupBefore(id, "12", "g-app");
        }
    }

    @Test
    void hangupByTheCallerMidGather() throws Exception {
        RtpPcapWriter keys = SippCaller.keys().digits("12");
        // the phone sends its BYE well after its last key, while the patient gather still waits for more
        try (Sipp.Running phone = SippCaller.hangingUpAfter(server, dir, "callerhangup", keys,
                Duration.ofMillis(keys.durationMs() + 2500))) {
            String id = answered("callerhangup");
            server.command(id, "gather", patientGather().put("gather_id", "g-caller"));
            server.awaitDigit(id, '2');

            SippCaller.assertSucceeded(phone.await(), 1);
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("caller");
            assertThat(hangup.payload().path("hangup_cause").asText()).isEqualTo("normal_clearing");
            assertGatherEndedByHangupBefore(id, "12", "g-caller");
        }
    }

    @Test
    void cancelBeforeAnswer() throws Exception {
        try (Sipp.Running phone = Sipp.uac("uac_cancel.xml", server.sipTarget(), dir).caller("canceller")
                .mediaPort(QuietPorts.forPhone(8)).pause(Duration.ofMillis(1500)).timeout(SippCaller.HARD).start()) {
            String id = server.awaitInitiated("canceller").callControlId();   // and the app does not answer

            SippCaller.assertSucceeded(phone.await(), 1);
            WebhookReceiver.Event hangup = server.await("call.hangup", id);
            assertThat(hangup.payload().path("hangup_cause").asText()).isEqualTo("originator_cancel");
            assertThat(hangup.payload().path("hangup_source").asText()).isEqualTo("caller");
            assertThat(server.events(id)).extracting(WebhookReceiver.Event::eventType)
                    .containsExactly("call.initiated", "call.hangup");

            ApiClient.Response late = server.action(id, "answer", body());
            assertThat(late.status()).as(late.body()).isEqualTo(422);
            assertThat(errorCode(late)).isEqualTo("90018");
        }
    }

    @Test
    void commandsOnUnansweredUnknownAndEndedCalls() throws Exception {
        try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "states", oneKey())) {
            String id = server.awaitInitiated("states").callControlId();

            assertRejected(server.action(id, "gather", body()), "90034");
            assertRejected(server.action(id, "gather_stop", body()), "90034");

            String unknown = "v3:no-such-call-" + System.nanoTime();
            assertRejected(server.action(unknown, "answer", body()), "90015");
            assertRejected(server.action(unknown, "gather", body()), "90015");
            assertRejected(server.action(unknown, "hangup", body()), "90015");

            server.answer(id);
            server.awaitDigit(id, '1');   // the phone has played its key and now waits for our BYE
            server.hangup(id);
            SippCaller.assertSucceeded(phone.await(), 1);
            server.await("call.hangup", id);

            assertRejected(server.action(id, "gather", body()), "90018");
            assertRejected(server.action(id, "hangup", body()), "90018");
            assertRejected(server.action(id, "answer", body()), "90018");
            assertThat(server.events(id)).extracting(WebhookReceiver.Event::eventType)
                    .containsExactly("call.initiated", "call.answered", "call.dtmf.received", "call.hangup");
        }
    }

    @Test
    void unsupportedCodecOnly() throws Exception {
        Sipp.Result result = Sipp.uac("uac_unsupported_codec.xml", server.sipTarget(), dir).caller("g722only")
                .mediaPort(QuietPorts.forPhone(8)).timeout(SippCaller.HARD).run();

        SippCaller.assertSucceeded(result, 1);   // the scenario requires the 488
        assertThat(result.messages()).contains("SIP/2.0 488");
        // call.initiated would be emitted right after the INVITE; a plain call placed afterwards (whose webhooks
        // arrive later) bounds the wait for one that must never come
        try (Sipp.Running probe = SippCaller.waitingForBye(server, dir, "afterg722", oneKey())) {
            String id = answered("afterg722");
            server.awaitDigit(id, '1');
            server.hangup(id);
            SippCaller.assertSucceeded(probe.await(), 1);
            server.await("call.hangup", id);
        }
        assertThat(server.hooks.events()).noneMatch(e -> "g722only".equals(e.payload().path("from").asText()));
        assertThat(server.server.activeCalls()).isZero();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static com.fasterxml.jackson.databind.node.ObjectNode patientGather() {
        return body().put("initial_timeout_millis", PATIENT_MS).put("inter_digit_timeout_millis", PATIENT_MS)
                .put("timeout_millis", 3 * PATIENT_MS);
    }

    /**
     * One key soon after the ACK. Its call.dtmf.received proves the phone is past the scenario's pause and waiting
     * for the BYE: a BYE that arrives during the pause is "unexpected" to SIPp and fails the call.
     */
    private static RtpPcapWriter oneKey() {
        return new RtpPcapWriter().toneMs(100).gapMs(100).silence(200).digits("1");
    }

    private static String answered(String caller) throws Exception {
        String id = server.awaitInitiated(caller).callControlId();
        server.answer(id);
        return id;
    }

    private static void assertRejected(ApiClient.Response r, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(errorCode(r)).as(r.body()).isEqualTo(code);
    }

    /** Exactly one gather.ended, call_hangup with the digits so far, and it comes before call.hangup. */
    private static void assertGatherEndedByHangupBefore(String id, String digits, String gatherId) {
        List<WebhookReceiver.Event> ended = server.events(id, "call.gather.ended");
        assertThat(ended).hasSize(1);
        assertThat(ended.get(0).payload().path("status").asText()).isEqualTo("call_hangup");
        assertThat(ended.get(0).payload().path("digits").asText()).isEqualTo(digits);
        assertThat(ended.get(0).payload().path("gather_id").asText()).isEqualTo(gatherId);
        List<String> kinds = server.events(id).stream().map(WebhookReceiver.Event::eventType).toList();
        assertThat(kinds).endsWith("call.gather.ended", "call.hangup");
    }
}
