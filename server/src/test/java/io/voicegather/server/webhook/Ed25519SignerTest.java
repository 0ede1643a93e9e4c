package io.voicegather.server.webhook;

import io.voicegather.api.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Ed25519SignerTest {
    private static final String ENVELOPE = WebhookDispatcher.envelope(Outbox.dataJson(
            "0ccc7b54-4df3-4bca-a65a-3da1ecc777f0", "call.dtmf.received", java.time.Instant.EPOCH,
            io.voicegather.api.json.Json.object().put("digit", "#").put("from", "+1 555 & ünïcödé")),
            1, "http://127.0.0.1:9/hooks?app=7&x=a b");

    @Test
    void signaturesAreByteIdenticalToTheJdksAndVerify() {
        Random random = new Random(42);
        byte[] randomBody = new byte[4096];
        random.nextBytes(randomBody);
        List<byte[]> bodies = List.of(new byte[0], ENVELOPE.getBytes(StandardCharsets.UTF_8), randomBody,
                "x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        for (int k = 0; k < 5; k++) {
            SigningKeys keys = SigningKeys.generate();
            Ed25519Signer signer = new Ed25519Signer(keys.privateKey());
            for (byte[] body : bodies) {
                for (String timestamp : List.of("0", "1767268800")) {
                    String fast = signer.sign(timestamp, body);
                    assertThat(fast).isEqualTo(WebhookSignature.sign(keys.privateKey(), timestamp, body));
                    assertThat(WebhookSignature.verify(keys.publicKeyBase64(), timestamp, body, fast)).isTrue();
                    assertThat(WebhookSignature.verify(keys.publicKeyBase64(), timestamp + "1", body, fast)).isFalse();
                }
            }
        }
    }

    @Test
    void theGetFormVerifiesAgainstTheDecodedQueryParameter() {
        SigningKeys keys = SigningKeys.generate();
        String signature = new Ed25519Signer(keys.privateKey()).sign("1767268800",
                ENVELOPE.getBytes(StandardCharsets.UTF_8));
        // a GET receiver decodes the webhook parameter and verifies its UTF-8 bytes
        String query = WebhookDispatcher.GET_PARAMETER + "=" + URLEncoder.encode(ENVELOPE, StandardCharsets.UTF_8);
        String decoded = URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8);
        byte[] received = decoded.getBytes(StandardCharsets.UTF_8);
        assertThat(signature).isEqualTo(WebhookSignature.sign(keys.privateKey(), "1767268800", received));
        assertThat(WebhookSignature.verify(keys.publicKeyBase64(), "1767268800", received, signature)).isTrue();
    }
}
