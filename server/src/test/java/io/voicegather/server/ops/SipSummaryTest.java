package io.voicegather.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SipSummaryTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5070);
    private final SipSummary sip = new SipSummary(3, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));

    private static List<String> summaries(JsonNode lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.has("more") ? "more " + l.path("more").asInt()
                : l.path("direction").asText() + " " + l.path("summary").asText()));
        return out;
    }

    @Test
    void aCallHasItsDialogsMessagesFromBeforeAndAfterItBecameACall() {
        sip.message("c1", true, "INVITE sip:+1555@host", PEER);
        sip.message("c1", false, "100 Trying (INVITE)", PEER);
        sip.link("c1", "leg-1");
        sip.message("c1", false, "180 Ringing (INVITE)", PEER);
        JsonNode lines = sip.ofLeg("leg-1");
        assertThat(summaries(lines)).containsExactly("in INVITE sip:+1555@host", "out 100 Trying (INVITE)",
                "out 180 Ringing (INVITE)");
        assertThat(lines.path(0).path("peer").asText()).isEqualTo("127.0.0.1:5070");
        assertThat(lines.path(0).path("at").asText()).isEqualTo("2026-12-07T10:00:00Z");
    }

    @Test
    void anUnknownOrMissingLegHasNoMessages() {
        sip.message("c1", true, "INVITE sip:x@host", PEER);
        assertThat(sip.ofLeg("leg-unknown")).isEmpty();
        assertThat(sip.ofLeg(null)).isEmpty();
    }

    @Test
    void aFloodOfDialogsThatNeverBecomeCallsPushesNoCallOut() {
        sip.message("real", true, "INVITE sip:a@host", PEER);
        sip.link("real", "leg-real");
        for (int i = 0; i < 10_000; i++) {
            sip.message("flood-" + i, true, "INVITE sip:b@host", PEER);
        }
        assertThat(summaries(sip.ofLeg("leg-real"))).containsExactly("in INVITE sip:a@host");
    }

    @Test
    void onlyTheNewestCallsAreKept() {
        for (int i = 1; i <= 4; i++) {
            sip.message("c" + i, true, "INVITE sip:" + i + "@host", PEER);
            sip.link("c" + i, "leg-" + i);
        }
        assertThat(sip.ofLeg("leg-1")).isEmpty();
        assertThat(summaries(sip.ofLeg("leg-4"))).containsExactly("in INVITE sip:4@host");
    }

    @Test
    void aDialogKeepsItsFirstMessagesThenCountsTheRest() {
        sip.link("c1", "leg-1");
        for (int i = 0; i < SipSummary.MAX_LINES + 5; i++) {
            sip.message("c1", false, "200 OK (INVITE)", PEER);
        }
        List<String> lines = summaries(sip.ofLeg("leg-1"));
        assertThat(lines).hasSize(SipSummary.MAX_LINES + 1).endsWith("more 5");
    }
}
