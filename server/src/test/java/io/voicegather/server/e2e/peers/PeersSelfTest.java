package io.voicegather.server.e2e.peers;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proves the harness against the real peers themselves (no voicegather server involved): SIPp against SIPp,
 * baresip against SIPp and SIPp against baresip, with tshark as an independent witness of the RFC 4733 events.
 */
class PeersSelfTest {
    private static final Duration HARD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void sippUacPlaysPcapToSippUasAndTheEventsArrive() throws Exception {
        Sipp.requireInstalled();
        int sipPort = FreePorts.udpAndTcp();
        int uasMedia = FreePorts.block(4);
        int uacMedia = FreePorts.block(8);
        RtpPcapWriter pcap = new RtpPcapWriter().toneMs(100).gapMs(100).silence(200).digits("1234#").silence(200);
        Path file = pcap.write(dir.resolve("digits.pcap"));

        try (Tshark capture = Tshark.captureLoopback(dir.resolve("rtp.pcapng"),
                "udp portrange " + uasMedia + "-" + (uasMedia + 3), Duration.ofSeconds(25));
             Sipp.Running uas = Sipp.uas("uas_answer.xml", dir).localPort(sipPort).mediaPort(uasMedia)
                     .timeout(HARD).start()) {
            Sipp.Result uac = Sipp.uac("uac_pcap.xml", "127.0.0.1:" + sipPort, dir).mediaPort(uacMedia)
                    .pcap(file).recvTimeout(Duration.ofMillis(pcap.durationMs() + 1000)).callIdPrefix("self-pcap")
                    .service("4242").caller("carol").timeout(HARD).run();
            Sipp.Result server = uas.await();
            capture.stop();

            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uac.successfulCalls()).as(uac.describe()).isEqualTo(1);
            assertThat(uac.failedCalls()).isZero();
            assertThat(server.exitCode()).as(server.describe()).isZero();
            assertThat(server.messages()).contains("INVITE sip:4242@127.0.0.1:" + sipPort)
                    .contains("Call-ID: self-pcap-1-")
                    .contains("From: carol <sip:carol@127.0.0.1:")
                    .contains("m=audio " + uacMedia + " RTP/AVP 0 8 101");
            List<Tshark.RtpEvent> events = Tshark.rtpEvents(dir.resolve("rtp.pcapng"), uasMedia);
            assertThat(Tshark.endedDigits(events)).isEqualTo("1234#");
            assertThat(events).extracting(Tshark.RtpEvent::dstPort).containsOnly(uasMedia);
            assertThat(events).extracting(Tshark.RtpEvent::ssrc).containsOnly(pcap.ssrc() & 0xFFFFFFFFL);
        }
    }

    @Test
    void sippCancelFlowAgainstRingingSippUas() throws Exception {
        Sipp.requireInstalled();
        int sipPort = FreePorts.udpAndTcp();
        try (Sipp.Running uas = Sipp.uas("uas_ring_cancel.xml", dir).localPort(sipPort)
                .mediaPort(FreePorts.block(4)).timeout(HARD).start()) {
            Sipp.Result uac = Sipp.uac("uac_cancel.xml", "127.0.0.1:" + sipPort, dir).mediaPort(FreePorts.block(4))
                    .pause(Duration.ofMillis(300)).timeout(HARD).run();
            Sipp.Result server = uas.await();

            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uac.successfulCalls()).isEqualTo(1);
            assertThat(server.exitCode()).as(server.describe()).isZero();
            assertThat(server.messages()).contains("CANCEL sip:1000@").contains("CSeq: 1 ACK");
        }
    }

    @Test
    void sippWaitsForTheFarEndsByeAndHangsUpByItself() throws Exception {
        Sipp.requireInstalled();
        Path pcap = new RtpPcapWriter().silence(200).digits("7").write(dir.resolve("seven.pcap"));
        int sipPort = FreePorts.udpAndTcp();
        try (Sipp.Running uas = Sipp.uas("uas_answer_bye.xml", dir).localPort(sipPort).mediaPort(FreePorts.block(4))
                .pcap(pcap).pause(Duration.ofMillis(800)).timeout(HARD).start()) {
            Sipp.Result uac = Sipp.uac("uac_wait_bye.xml", "127.0.0.1:" + sipPort, dir).mediaPort(FreePorts.block(4))
                    .pcap(pcap).recvTimeout(Duration.ofSeconds(10)).timeout(HARD).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uas.await().exitCode()).isZero();
        }
        // no BYE from the far end: uac_wait_bye must fail within its bound
        int port2 = FreePorts.udpAndTcp();
        try (Sipp.Running uas = Sipp.uas("uas_answer.xml", dir).localPort(port2).mediaPort(FreePorts.block(4))
                .timeout(Duration.ofSeconds(8)).start()) {
            Sipp.Result uac = Sipp.uac("uac_wait_bye.xml", "127.0.0.1:" + port2, dir).mediaPort(FreePorts.block(4))
                    .pcap(pcap).recvTimeout(Duration.ofMillis(1500)).timeout(HARD).run();
            assertThat(uac.exitCode()).as(uac.describe()).isNotZero();
            assertThat(uac.failedCalls()).isEqualTo(1);
        }
        // uac_bye_now: a plain call without media, we hang up after -d
        int port3 = FreePorts.udpAndTcp();
        try (Sipp.Running uas = Sipp.uas("uas_answer.xml", dir).localPort(port3).mediaPort(FreePorts.block(4))
                .timeout(HARD).start()) {
            Sipp.Result uac = Sipp.uac("uac_bye_now.xml", "127.0.0.1:" + port3, dir).mediaPort(FreePorts.block(4))
                    .pause(Duration.ofMillis(200)).timeout(HARD).run();
            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            assertThat(uas.await().exitCode()).isZero();
        }
    }

    @Test
    void baresipDialsSippUasAndSendsRfc4733Keys() throws Exception {
        Sipp.requireInstalled();
        Baresip.requireInstalled();
        int sipPort = FreePorts.udpAndTcp();
        int uasMedia = FreePorts.block(4);
        try (Tshark capture = Tshark.captureLoopback(dir.resolve("baresip.pcapng"),
                "udp portrange " + uasMedia + "-" + (uasMedia + 3), Duration.ofSeconds(25));
             Sipp.Running uas = Sipp.uas("uas_answer.xml", dir).localPort(sipPort).mediaPort(uasMedia)
                     .timeout(HARD).start();
             Baresip phone = Baresip.start(dir.resolve("phone"), Baresip.Options.defaults())) {
            assertThat(phone.dial("sip:2000@127.0.0.1:" + sipPort).ok()).isTrue();
            phone.awaitEvent("CALL_ESTABLISHED", Duration.ofSeconds(10));
            Thread.sleep(300);   // let RTP start flowing before the first key
            phone.pressKeys("1234#", Duration.ofMillis(120), Duration.ofMillis(150));
            Thread.sleep(500);
            assertThat(phone.listCalls().data()).contains("ESTABLISHED");
            phone.hangup();
            phone.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
            Sipp.Result server = uas.await();
            capture.stop();

            assertThat(server.exitCode()).as(server.describe()).isZero();
            List<Tshark.RtpEvent> events = Tshark.rtpEvents(dir.resolve("baresip.pcapng"), uasMedia);
            assertThat(Tshark.endedDigits(events)).as(phone.log()).isEqualTo("1234#");
            assertThat(events).extracting(Tshark.RtpEvent::payloadType).containsOnly(101);
        }
    }

    @Test
    void baresipAnswersSippAndReportsTheDigitsItReceives() throws Exception {
        Sipp.requireInstalled();
        Baresip.requireInstalled();
        RtpPcapWriter pcap = new RtpPcapWriter().toneMs(100).gapMs(120).silence(300).digits("42#").silence(200);
        Path file = pcap.write(dir.resolve("42.pcap"));
        try (Baresip phone = Baresip.start(dir.resolve("callee"), Baresip.Options.defaults()
                .withPrompt(DtmfTones.pcm("9", 200, 0, 0.3)))) {
            Sipp.Result uac = Sipp.uac("uac_pcap.xml", "127.0.0.1:" + phone.sipPort(), dir)
                    .mediaPort(FreePorts.block(4)).service("alice").pcap(file)
                    .recvTimeout(Duration.ofMillis(pcap.durationMs() + 1000)).timeout(HARD).run();

            assertThat(uac.exitCode()).as(uac.describe()).isZero();
            phone.awaitEvent("CALL_CLOSED", Duration.ofSeconds(10));
            assertThat(phone.receivedDigits()).as(phone.log()).isEqualTo("42#");
            try (var recordings = Files.list(phone.recordingDir())) {
                assertThat(recordings.map(p -> p.getFileName().toString()).toList())
                        .anyMatch(n -> n.endsWith("-dec.wav"));
            }
        }
    }

    @Test
    void webhookReceiverVerifiesTelnyxSignatures() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String body = "{\"data\":{\"event_type\":\"call.initiated\",\"id\":\"e1\",\"payload\":"
                + "{\"call_control_id\":\"v3:abc\",\"from\":\"sip:x@127.0.0.1\"}},\"meta\":{\"attempt\":1}}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (WebhookReceiver hooks = WebhookReceiver.start(WebhookReceiver.rawBase64(keys.getPublic()))) {
            List<String> seen = new CopyOnWriteArrayList<>();
            hooks.onEvent(e -> seen.add(e.eventType() + "@" + e.callControlId()));
            String ts = Long.toString(System.currentTimeMillis() / 1000);

            assertThat(post(http, hooks.url(), body, ts, sign(keys.getPrivate(), ts, body))).isEqualTo(200);
            WebhookReceiver.Event e = hooks.await("call.initiated", "v3:abc", Duration.ofSeconds(5));
            assertThat(e.payload().path("from").asText()).isEqualTo("sip:x@127.0.0.1");
            assertThat(e.request().bodyText()).isEqualTo(body);

            String tampered = body.replace("v3:abc", "v3:abd");
            assertThat(post(http, hooks.url(), tampered, ts, sign(keys.getPrivate(), ts, body))).isEqualTo(400);
            String old = Long.toString(System.currentTimeMillis() / 1000 - 301);
            assertThat(post(http, hooks.url(), body, old, sign(keys.getPrivate(), old, body))).isEqualTo(400);
            assertThat(post(http, hooks.url(), body, ts, null)).isEqualTo(400);
            assertThat(hooks.rejected()).extracting(WebhookReceiver.Request::rejectReason)
                    .containsExactly("signature does not match", "timestamp outside ±300 s: " + old,
                            "missing telnyx-signature-ed25519");
            assertThatThrownBy(() -> hooks.await("call.initiated", "v3:abd", Duration.ofMillis(200)))
                    .isInstanceOf(TimeoutException.class);

            hooks.failNext(2, 503);
            assertThat(post(http, hooks.url(), body, ts, sign(keys.getPrivate(), ts, body))).isEqualTo(503);
            assertThat(post(http, hooks.url(), body, ts, sign(keys.getPrivate(), ts, body))).isEqualTo(503);
            assertThat(post(http, hooks.url(), body, ts, sign(keys.getPrivate(), ts, body))).isEqualTo(200);
            assertThat(hooks.events()).hasSize(2);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> seen.size() == 2);
            assertThat(seen).containsOnly("call.initiated@v3:abc");
        }
    }

    @Test
    void apiClientPostsActionsWithBearerKey() throws Exception {
        try (WebhookReceiver fake = WebhookReceiver.startUnverified()) {
            ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + fake.port()), "KEY_1");
            ApiClient.Response r = api.action("v3:id/1", "gather",
                    new ObjectMapper().createObjectNode().put("maximum_digits", 4));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json()).isNotNull();
            WebhookReceiver.Request req = fake.requests().get(0);
            assertThat(req.path()).isEqualTo("/v2/calls/v3:id%2F1/actions/gather");
            assertThat(req.header("authorization")).isEqualTo("Bearer KEY_1");
            assertThat(req.bodyText()).isEqualTo("{\"maximum_digits\":4}");
        }
    }

    private static int post(HttpClient http, URI url, String body, String ts, String sig) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("telnyx-timestamp", ts).POST(HttpRequest.BodyPublishers.ofString(body));
        if (sig != null) {
            b.header("telnyx-signature-ed25519", sig);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String sign(PrivateKey key, String ts, String body) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update((ts + "|" + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
