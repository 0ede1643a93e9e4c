package io.voicegather.server.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.Baresip;
import io.voicegather.server.e2e.peers.G711;
import io.voicegather.server.e2e.peers.RtpPcapWriter;
import io.voicegather.server.e2e.peers.Sipp;
import io.voicegather.server.e2e.peers.Tshark;
import io.voicegather.server.e2e.peers.WebhookReceiver;
import io.voicegather.server.media.dtmf.InbandDtmfDetector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.voicegather.server.e2e.E2eServer.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * send_dtmf on real calls: a softphone (baresip) reports the keys it receives, and a loopback capture of SIPp calls
 * shows the RFC 4733 packets on the wire, or, for a phone that offers no telephone-event, in-band tones that the
 * project's own detector decodes back to the keys; a SIPp phone pressing its own keys while ours sound is heard and
 * gathered, ours are not; a full queue refuses a command whole, and hangup drops what still waits.
 */
class SendDtmfEndToEndTest {
    @RegisterExtension
    static final E2eServer server = E2eServer.perClass(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void peersAreInstalled() {
        Sipp.requireInstalled();
    }

    @Test
    void baresipReceivesTheKeysInOrder() throws Exception {
        Baresip.requireInstalled();
        try (Baresip phone = Baresip.start(dir.resolve("phone"), Baresip.Options.defaults())) {
            assertThat(phone.dial("sip:1000@127.0.0.1:" + server.server.sipPort()).ok()).as(phone.log()).isTrue();
            String id = server.awaitInitiated(Baresip.Options.defaults().user()).callControlId();
            ApiClient.Response early = server.action(id, "send_dtmf", body().put("digits", "1"));
            assertThat(early.status()).isEqualTo(422);
            assertThat(E2eServer.errorCode(early)).isEqualTo("90034");
            server.answer(id);
            phone.awaitEvent("CALL_ESTABLISHED", E2eServer.WAIT);

            server.command(id, "send_dtmf", body().put("digits", "1w#").put("duration_millis", 100)
                    .put("command_id", "keys-1"));
            server.command(id, "send_dtmf", body().put("digits", "*0aD").put("duration_millis", 150)
                    .put("client_state", "YWJj"));
            server.command(id, "send_dtmf", body().put("digits", "1w#").put("command_id", "keys-1")); // a repeat

            await().atMost(E2eServer.WAIT).until(() -> phone.receivedDigits().length() >= 6);
            Thread.sleep(1500); // long enough for a wrongly repeated "1w#" to have started
            assertThat(phone.receivedDigits()).as(phone.log()).isEqualTo("1#*0AD");
            assertThat(server.retrieve(id).json().at("/data/client_state").asText()).isEqualTo("YWJj");

            server.hangup(id);
            phone.awaitEvent("CALL_CLOSED", E2eServer.WAIT);
            server.await("call.hangup", id);
            ApiClient.Response late = server.action(id, "send_dtmf", body().put("digits", "1"));
            assertThat(E2eServer.errorCode(late)).isEqualTo("90018");
            assertThat(server.dtmfDigits(id)).as("the server does not hear its own keys").isEmpty();
        }
    }

    @Test
    void rfc4733PacketsOnTheWire() throws Exception {
        Sipp.requirePcapPlayback();
        Tshark.requireInstalled();
        int phonePort = QuietPorts.forPhone(8);
        Path pcapng = dir.resolve("send-dtmf.pcapng");
        try (Tshark capture = Tshark.captureLoopback(pcapng,
                "udp portrange " + phonePort + "-" + (phonePort + 7), Duration.ofSeconds(45));
             Sipp.Running phone = SippCaller.waitingForBye(server, dir, "senddtmf",
                     new RtpPcapWriter().silence(10_000), phonePort)) {
            String id = server.awaitInitiated("senddtmf").callControlId();
            server.answer(id);
            server.command(id, "send_dtmf", body().put("digits", "1w#").put("duration_millis", 100)
                    .put("command_id", "wire-1"));
            // A repeat answers 200 and queues nothing: were it queued, its "1#" would come before the '9'.
            server.command(id, "send_dtmf", body().put("digits", "1w#").put("duration_millis", 100)
                    .put("command_id", "wire-1"));
            server.command(id, "send_dtmf", body().put("digits", "9").put("duration_millis", 200));
            Thread.sleep(2500); // 1.3 s of keys, and margin
            server.hangup(id);
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
            capture.stop();
        }

        List<RtpCapture.Packet> sent = RtpCapture.read(pcapng, phonePort).stream()
                .filter(p -> p.dstPort() == phonePort && p.srcPort() != phonePort).toList();
        List<RtpCapture.Packet> events = sent.stream().filter(p -> p.payloadType() == 101).toList();
        List<String> got = new ArrayList<>();
        for (RtpCapture.Packet p : events) {
            byte[] e = p.payload();
            assertThat(e).hasSize(4);
            assertThat(e[1] & 0x3F).as("volume").isEqualTo(10);
            got.add((e[0] & 0xFF) + ((e[1] & 0x80) != 0 ? "E" : "") + ":" + (((e[2] & 0xFF) << 8) | (e[3] & 0xFF)));
        }
        List<String> expected = new ArrayList<>();
        for (int[] key : new int[][] {{1, 800}, {11, 800}, {9, 1600}}) {
            for (int d = 160; d < key[1]; d += 160) {
                expected.add(key[0] + ":" + d);
            }
            for (int i = 0; i < 3; i++) {
                expected.add(key[0] + "E:" + key[1]);
            }
        }
        assertThat(got).isEqualTo(expected);

        // No audio packet inside a key: from its first packet to its last end packet, only events go out.
        int[] bounds = {0, 6, 7, 13, 14, events.size() - 1};
        for (int k = 0; k < bounds.length; k += 2) {
            long from = events.get(bounds[k]).timeNanos();
            long to = events.get(bounds[k + 1]).timeNanos();
            assertThat(sent.stream().filter(p -> p.payloadType() != 101 && p.timeNanos() > from
                    && p.timeNanos() < to)).as("audio packets during key %d", k / 2).isEmpty();
        }
        // '#' starts 12 packets (the '1' and its gap) + 25 packets ('w') after '1', one packet per media clock tick:
        // counted in packets, not wall time, so a stalled clock on a loaded machine cannot fail it.
        assertThat(sent.indexOf(events.get(7)) - sent.indexOf(events.get(0))).as("packets from '1' to '#'")
                .isEqualTo(37);
        assertThat(sent.stream().filter(p -> p.payloadType() != 101).count())
                .as("the audio stream goes on around the keys").isGreaterThan(20);
    }

    @Test
    void inBandTonesWhenThePhoneOffersNoTelephoneEvent() throws Exception {
        Sipp.requirePcapPlayback();
        Tshark.requireInstalled();
        int phonePort = QuietPorts.forPhone(8);
        Path pcapng = dir.resolve("inband.pcapng");
        Path silence = new RtpPcapWriter().silence(10_000).write(dir.resolve("inband.pcap"));
        try (Tshark capture = Tshark.captureLoopback(pcapng,
                "udp portrange " + phonePort + "-" + (phonePort + 7), Duration.ofSeconds(45));
             Sipp.Running phone = Sipp.uac("uac_pcmu_no_event_wait_bye.xml", server.sipTarget(), dir)
                     .caller("inband").mediaPort(phonePort).pcap(silence).recvTimeout(Duration.ofSeconds(25))
                     .callIdPrefix("inband").timeout(SippCaller.HARD).start()) {
            String id = server.awaitInitiated("inband").callControlId();
            server.answer(id);
            server.command(id, "send_dtmf", body().put("digits", "159#").put("duration_millis", 100));
            server.command(id, "send_dtmf", body().put("digits", "DW*"));
            Thread.sleep(3500); // 4 × 200 ms + 2 × 350 ms + 1 s, and margin
            server.hangup(id);
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
            capture.stop();
        }

        List<RtpCapture.Packet> sent = RtpCapture.read(pcapng, phonePort).stream()
                .filter(p -> p.dstPort() == phonePort && p.srcPort() != phonePort).toList();
        assertThat(sent).isNotEmpty().allSatisfy(p -> assertThat(p.payloadType()).isZero());
        StringBuilder heard = new StringBuilder();
        InbandDtmfDetector detector = new InbandDtmfDetector(heard::append);
        for (RtpCapture.Packet p : sent) {
            short[] pcm = new short[p.payload().length];
            for (int i = 0; i < pcm.length; i++) {
                pcm[i] = G711.decodeMuLaw(p.payload()[i]);
            }
            detector.process(pcm, 0, pcm.length);
        }
        assertThat(heard).hasToString("159#D*");
    }

    /** Our event packets to the phone, and the phone's to us, as "event[E]" strings with their capture times. */
    private static List<RtpCapture.Packet> events(List<RtpCapture.Packet> packets) {
        return packets.stream().filter(p -> p.payloadType() == 101).toList();
    }

    /**
     * A gather runs (terminator '#') while the server sends "1#W1#W1#W1#W1#" (6.4 s); part-way, the phone presses
     * "56#". The gather ends valid with "56", the caller's three keys are reported, and none of the server's
     * (its '#' before the caller's keys ended nothing). The capture shows the caller's keys arriving after the
     * server's first '#' and before its last key.
     */
    @Test
    void callerKeysWhileSendingAreReportedAndGatheredAndOurOwnAreNot() throws Exception {
        Sipp.requirePcapPlayback();
        Tshark.requireInstalled();
        int phonePort = QuietPorts.forPhone(8);
        Path pcapng = dir.resolve("both-ways.pcapng");
        try (Tshark capture = Tshark.captureLoopback(pcapng,
                "udp portrange " + phonePort + "-" + (phonePort + 7), Duration.ofSeconds(45));
             Sipp.Running phone = SippCaller.waitingForBye(server, dir, "bothways",
                     // 5 s before the caller's keys: well after our first '#' even when the commands are slow
                     SippCaller.keys().silence(2500).digits("56#"), phonePort)) {
            String id = server.awaitInitiated("bothways").callControlId();
            server.answer(id);
            server.command(id, "gather", body().put("terminating_digit", "#").put("maximum_digits", 10)
                    .put("initial_timeout_millis", 20_000).put("inter_digit_timeout_millis", 20_000)
                    .put("timeout_millis", 60_000));
            server.command(id, "send_dtmf", body().put("digits", "1#W1#W1#W1#W1#").put("duration_millis", 100));
            Instant keysQueued = Instant.now();

            WebhookReceiver.Event ended = server.await("call.gather.ended", id);
            assertThat(ended.payload().path("status").asText()).as(ended.payload().toString()).isEqualTo("valid");
            assertThat(ended.payload().path("digits").asText()).as(ended.payload().toString()).isEqualTo("56");
            server.awaitDigit(id, '#');

            // Let the server's keys play out (6.4 s from the command) so the capture holds all of them.
            long left = Duration.between(Instant.now(), keysQueued.plusMillis(6400 + 1500)).toMillis();
            if (left > 0) {
                Thread.sleep(left);
            }
            assertThat(server.dtmfDigits(id)).as("only the caller's keys are reported").isEqualTo("56#");
            assertThat(server.events(id, "call.gather.ended")).hasSize(1);
            server.hangup(id);
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
            capture.stop();
        }

        List<RtpCapture.Packet> all = RtpCapture.read(pcapng, phonePort);
        List<RtpCapture.Packet> ours = events(all.stream()
                .filter(p -> p.dstPort() == phonePort && p.srcPort() != phonePort).toList());
        List<RtpCapture.Packet> callers = events(all.stream().filter(p -> p.srcPort() == phonePort).toList());
        assertThat(ours).as("10 keys of 7 event packets").hasSize(70);
        assertThat(callers).isNotEmpty();
        long ourFirstHashEnd = ours.get(13).timeNanos(); // packets 7..13 are our first '#'
        assertThat(ours.get(13).payload()[0]).isEqualTo((byte) 11);
        assertThat(callers.get(0).timeNanos()).as("the caller pressed after our first '#' had sounded")
                .isGreaterThan(ourFirstHashEnd);
        assertThat(callers.get(callers.size() - 1).timeNanos()).as("and before our last key")
                .isLessThan(ours.get(ours.size() - 1).timeNanos());
    }

    /**
     * Eight commands fill the call's queue to its 1024 keys and pauses ("1" and 1023 one-second pauses); a ninth,
     * with a client_state and a command_id, is refused whole with 90063, changes nothing and is refused again when
     * repeated. Hangup then drops what still waits: on the wire the '1' is the only key ever sent, and nothing goes
     * to the phone after the hangup answered. An unknown call is 90015.
     */
    @Test
    void aCommandPastTheCapIsRefusedWholeAndHangupDropsTheRest() throws Exception {
        ApiClient.Response unknown = server.action("no-such-call", "send_dtmf", body().put("digits", "1"));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(E2eServer.errorCode(unknown)).isEqualTo("90015");

        Sipp.requirePcapPlayback();
        Tshark.requireInstalled();
        int phonePort = QuietPorts.forPhone(8);
        Path pcapng = dir.resolve("cap.pcapng");
        Instant hungUp;
        try (Tshark capture = Tshark.captureLoopback(pcapng,
                "udp portrange " + phonePort + "-" + (phonePort + 7), Duration.ofSeconds(45));
             Sipp.Running phone = SippCaller.waitingForBye(server, dir, "dtmfcap",
                     new RtpPcapWriter().silence(10_000), phonePort)) {
            String id = server.awaitInitiated("dtmfcap").callControlId();
            server.answer(id);
            server.command(id, "send_dtmf", body().put("digits", "1" + "W".repeat(127)));
            for (int i = 1; i < 8; i++) {
                server.command(id, "send_dtmf", body().put("digits", "W".repeat(128)).put("client_state", "YWJj"));
            }
            // At most a few pauses have started: 1024 minus those, plus 128, is past the cap.
            ObjectNode over = body().put("digits", "2".repeat(128)).put("client_state", "eHl6")
                    .put("command_id", "over");
            for (int attempt = 0; attempt < 2; attempt++) {
                ApiClient.Response refused = server.action(id, "send_dtmf", over);
                assertThat(refused.status()).as(refused.body()).isEqualTo(422);
                assertThat(E2eServer.errorCode(refused)).isEqualTo("90063");
                assertThat(refused.json().at("/errors/0/source/pointer").asText()).isEqualTo("/digits");
                assertThat(refused.json().at("/errors/0/detail").asText()).contains("1024");
            }
            assertThat(server.retrieve(id).json().at("/data/client_state").asText())
                    .as("the refused command changed nothing").isEqualTo("YWJj");

            Thread.sleep(1000); // the '1' (250 ms and its end packets) is on the wire
            server.hangup(id);
            hungUp = Instant.now();
            server.await("call.hangup", id);
            SippCaller.assertSucceeded(phone.await(), 1);
            capture.stop();
        }

        List<RtpCapture.Packet> sent = RtpCapture.read(pcapng, phonePort).stream()
                .filter(p -> p.dstPort() == phonePort && p.srcPort() != phonePort).toList();
        List<RtpCapture.Packet> keys = events(sent);
        assertThat(keys).as("the '1' of 250 ms: 12 packets, then the end packet three times").hasSize(15)
                .allSatisfy(p -> assertThat(p.payload()[0]).isEqualTo((byte) 1));
        long hangupAnswered = hungUp.getEpochSecond() * 1_000_000_000L + hungUp.getNano();
        assertThat(sent.get(sent.size() - 1).timeNanos()).as("nothing is sent after the hangup answered")
                .isLessThan(hangupAnswered + 100_000_000L);
    }
}
