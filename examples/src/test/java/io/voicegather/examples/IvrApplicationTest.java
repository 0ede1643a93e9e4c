package io.voicegather.examples;

import io.voicegather.server.e2e.peers.TinySipPhone;

import io.voicegather.client.VoicegatherClient;
import io.voicegather.examples.IvrApplication.Outcome;
import io.voicegather.examples.IvrApplication.Step;
import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example IVR answers a real SIP call, walks its menu on the caller's keys, and hangs up. */
class IvrApplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void menuCollectsAnAccountNumberAndHangsUp() throws Exception {
        try (IvrApplication ivr = new IvrApplication(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             VoicegatherServer server = start("http://127.0.0.1:" + ivr.port() + "/webhooks")) {
            ivr.serve(VoicegatherClient.builder().apiKey("k")
                    .baseUrl("http://127.0.0.1:" + server.httpPort() + "/v2")
                    .publicKey(server.webhookPublicKey()).build());
            try (TinySipPhone phone = new TinySipPhone(server.sipPort())) {
                phone.invite();
                phone.awaitAnsweredAndAck(WAIT.toMillis());
                await().atMost(WAIT).until(() -> onlyCall(ivr) != null && onlyCall(ivr).step() == Step.MAIN_MENU);
                phone.pressKey('1');
                await().atMost(WAIT).until(() -> onlyCall(ivr).step() == Step.ACCOUNT);
                for (char key : "427#".toCharArray()) {
                    phone.pressKey(key);
                }
                assertThat(phone.awaitBye(WAIT.toMillis())).as("the IVR hangs up").isTrue();
                await().atMost(WAIT).until(() -> onlyCall(ivr).step() == Step.DONE);
                assertThat(onlyCall(ivr)).isEqualTo(new Outcome(Step.DONE, "1", "427"));
            }
        }
    }

    private VoicegatherServer start(String webhookUrl) throws java.io.IOException {
        List<String> args = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0",
                "--sip-host", "127.0.0.1", "--sip-port", "0", "--rtp-ports", "41000-41999",
                "--data-dir", dataDir.toString(), "--api-key", "k"));
        args.addAll(List.of("--webhook-url", webhookUrl));
        return VoicegatherServer.start(ConfigLoader.load(args.toArray(String[]::new), Map.of()));
    }

    private static Outcome onlyCall(IvrApplication ivr) {
        Map<String, Outcome> all = ivr.outcomes();
        assertThat(all.size()).isLessThanOrEqualTo(1);
        return all.isEmpty() ? null : all.values().iterator().next();
    }
}
