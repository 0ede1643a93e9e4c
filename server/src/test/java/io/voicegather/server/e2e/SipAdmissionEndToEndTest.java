package io.voicegather.server.e2e;

import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.sip.SipAdmissionCounters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIP admission under a flood, over real sockets: 50,000 INVITEs from 127.0.0.3, outside {@code --sip-allow}, and
 * 5,000 over the per-source rate from 127.0.0.2, inside it, both spread over about five seconds and begun before a
 * SIPp phone on 127.0.0.1 makes a real call with a gather. The phone's call completes with its digits; the outsider gets no answer, no call and no webhook; the
 * INVITEs over the rate get a 503 with Retry-After and no webhook; the few the rate lets through are parked calls
 * that hold no RTP port.
 */
class SipAdmissionEndToEndTest {
    private static final int RATE = 5;
    private static final int BURST = 10;
    private static final int OUTSIDER_INVITES = 50_000;
    private static final int OVER_RATE_INVITES = 5_000;
    private static final int FLOOD_SECONDS = 5;

    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(40,
            "--sip-allow", "127.0.0.1/32, 127.0.0.2",
            "--sip-invites-per-second", String.valueOf(RATE), "--sip-invite-burst", String.valueOf(BURST),
            "--answer-timeout-seconds", "600"); // the parked calls stay parked while the test looks at them

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requirePcapPlayback();
    }

    @Test
    void aFloodFromOutsideAndOverTheRateLeavesARealCallAlone() throws Exception {
        SipAdmissionCounters counters = server.server.sipAdmissionCounters();
        int sipPort = server.server.sipPort();
        try (InviteFlood outsider = new InviteFlood("127.0.0.3", sipPort, "outsider");
             InviteFlood greedy = new InviteFlood("127.0.0.2", sipPort, "greedy")) {
            long floodStart = System.nanoTime();
            CompletableFuture<Integer> outsiderSent = flood(() -> outsider.send(OUTSIDER_INVITES,
                    OUTSIDER_INVITES / FLOOD_SECONDS, counters::datagramsNotAllowed, OUTSIDER_INVITES));
            CompletableFuture<Integer> greedySent = flood(() -> greedy.send(OVER_RATE_INVITES * 2,
                    OVER_RATE_INVITES / FLOOD_SECONDS, counters::invitesOverSourceRate, OVER_RATE_INVITES));
            await().atMost(Duration.ofSeconds(10)).until(() -> counters.datagramsNotAllowed() > 0
                    && counters.invitesOverSourceRate() > 0); // both floods are on before the call

            try (Sipp.Running phone = SippCaller.waitingForBye(server, dir, "member",
                    SippCaller.keys().digits("1234#"))) {
                String id = server.awaitInitiated("member").callControlId();
                server.answer(id);
                server.command(id, "gather", body().put("maximum_digits", 10).put("terminating_digit", "#")
                        .put("initial_timeout_millis", 15000).put("inter_digit_timeout_millis", 15000));

                WebhookReceiver.Event ended = server.await("call.gather.ended", id);
                assertThat(ended.payload().path("status").asText()).as(ended.payload().toString())
                        .isEqualTo("valid");
                assertThat(ended.payload().path("digits").asText()).isEqualTo("1234");

                assertThat(outsiderSent.get(40, TimeUnit.SECONDS)).isEqualTo(OUTSIDER_INVITES);
                int greedyTotal = greedySent.get(40, TimeUnit.SECONDS);
                double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
                // the one answered call holds the only port pair, whatever is parked
                assertThat(server.server.rtpPortsInUse()).isEqualTo(1);

                server.hangup(id);
                SippCaller.assertSucceeded(phone.await(), 1);
                server.await("call.hangup", id);

                assertOutsiderIgnored(outsider, counters);
                assertOverRateRefused(greedy, counters, greedyTotal, floodSeconds);
            }
        }
    }

    interface Flood {
        int run() throws Exception;
    }

    /** Each flood on a thread of its own, so the two run at once whatever the common pool's size. */
    private static CompletableFuture<Integer> flood(Flood flood) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(flood.run());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }, "invite-flood");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Dropped unanswered: not one response, not one webhook. */
    private static void assertOutsiderIgnored(InviteFlood outsider, SipAdmissionCounters counters) {
        // nearly all reached the server (sending is paced by its count); none of them was answered
        assertThat(counters.datagramsNotAllowed()).isGreaterThanOrEqualTo(OUTSIDER_INVITES * 9L / 10);
        assertThat(outsider.responses.get()).as("responses to the outsider").isZero();
        assertThat(server.hooks.events()).filteredOn(e -> "outsider".equals(e.payload().path("from").asText()))
                .isEmpty();
    }

    /**
     * Refused with a 503 and Retry-After, and no webhook; the ones the rate let through are parked calls with their
     * call.initiated, holding no RTP port.
     */
    private static void assertOverRateRefused(InviteFlood greedy, SipAdmissionCounters counters, int sent,
                                              double floodSeconds) {
        assertThat(counters.invitesOverSourceRate()).isGreaterThanOrEqualTo(OVER_RATE_INVITES);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(greedy.serviceUnavailable.get()).isGreaterThanOrEqualTo(OVER_RATE_INVITES * 9 / 10));
        assertThat(greedy.withRetryAfter.get()).isEqualTo(greedy.serviceUnavailable.get());

        long parked = counters.unansweredCalls();
        assertThat(parked).as("INVITEs the rate let through").isBetween(1L, (long) (BURST + RATE * floodSeconds) + 1);
        assertThat(parked).isLessThanOrEqualTo(sent - counters.invitesOverSourceRate());
        // every parked call has its call.initiated, and no refused INVITE has one
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(server.hooks.events()).filteredOn(e -> e.eventType().equals("call.initiated")
                        && "greedy".equals(e.payload().path("from").asText())).hasSize((int) parked));
        assertThat(server.hooks.events()).filteredOn(e -> "greedy".equals(e.payload().path("from").asText()))
                .allMatch(e -> e.eventType().equals("call.initiated"));
        assertThat(server.server.rtpPortsInUse()).as("RTP port pairs held by " + parked + " parked calls").isZero();
    }
}
