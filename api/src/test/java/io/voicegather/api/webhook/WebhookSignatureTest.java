package io.voicegather.api.webhook;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignatureTest {
    // RFC 8032 section 7.1, TEST 2
    private static final byte[] SEED = hex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] PUBLIC = hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final byte[] MESSAGE = hex("72");
    private static final byte[] EXPECTED_SIGNATURE = hex(
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                    + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    private static final String PUBLIC_B64 = Base64.getEncoder().encodeToString(PUBLIC);
    private static final String TS = "1700000000";
    private static final byte[] BODY = "{\"data\":{\"id\":\"x\"},\"meta\":{\"attempt\":1}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void keysBuiltFromTheRfcVectorReproduceItsSignature() throws Exception {
        PrivateKey priv = WebhookSignature.privateKeyFromSeed(SEED);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(priv);
        jdk.update(MESSAGE);
        assertThat(jdk.sign()).isEqualTo(EXPECTED_SIGNATURE);

        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(WebhookSignature.publicKeyFromRaw(PUBLIC));
        check.update(MESSAGE);
        assertThat(check.verify(EXPECTED_SIGNATURE)).isTrue();

        assertThat(WebhookSignature.rawSeed(priv)).isEqualTo(SEED);
        assertThat(WebhookSignature.rawPublicKey(WebhookSignature.publicKeyFromRaw(PUBLIC))).isEqualTo(PUBLIC);
        assertThat(PUBLIC_B64).hasSize(44);
    }

    @Test
    void signIsEd25519OverTimestampPipeBody() throws Exception {
        String sig = WebhookSignature.sign(WebhookSignature.privateKeyFromSeed(SEED), TS, BODY);

        // Independent computation: Ed25519 is deterministic, so the same message gives the same bytes.
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(WebhookSignature.privateKeyFromSeed(SEED));
        jdk.update((TS + "|" + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        byte[] expected = jdk.sign();
        assertThat(Base64.getDecoder().decode(sig)).hasSize(64).isEqualTo(expected);
        assertThat(sig).doesNotContain("-", "_").endsWith("==");

        assertThat(WebhookSignature.verify(PUBLIC_B64, TS, BODY, sig)).isTrue();
    }

    @Test
    void tamperingIsDetected() {
        PrivateKey priv = WebhookSignature.privateKeyFromSeed(SEED);
        String sig = WebhookSignature.sign(priv, TS, BODY);

        byte[] otherBody = BODY.clone();
        otherBody[otherBody.length - 3] ^= 1;
        assertThat(WebhookSignature.verify(PUBLIC_B64, TS, otherBody, sig)).isFalse();
        assertThat(WebhookSignature.verify(PUBLIC_B64, "1700000001", BODY, sig)).isFalse();

        byte[] sigBytes = Base64.getDecoder().decode(sig);
        sigBytes[10] ^= 0x40;
        assertThat(WebhookSignature.verify(PUBLIC_B64, TS, BODY, Base64.getEncoder().encodeToString(sigBytes))).isFalse();

        byte[] otherKey = PUBLIC.clone();
        otherKey[0] ^= 1;
        assertThat(WebhookSignature.verify(Base64.getEncoder().encodeToString(otherKey), TS, BODY, sig)).isFalse();
    }

    @Test
    void theTimestampBoundaryIsPartOfTheSignedMessage() {
        // "17|00x" and "1700|x" are different messages even though timestamp + body concatenate to the same text
        PrivateKey priv = WebhookSignature.privateKeyFromSeed(SEED);
        String sig = WebhookSignature.sign(priv, "17", "00x".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSignature.verify(PUBLIC_B64, "1700", "x".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
    }

    @Test
    void malformedInputsAreRejectedNotThrown() {
        String sig = WebhookSignature.sign(WebhookSignature.privateKeyFromSeed(SEED), TS, BODY);
        assertThat(WebhookSignature.verify("not base64!", TS, BODY, sig)).isFalse();
        assertThat(WebhookSignature.verify(Base64.getEncoder().encodeToString(new byte[31]), TS, BODY, sig)).isFalse();
        assertThat(WebhookSignature.verify(PUBLIC_B64, TS, BODY, "AAAA")).isFalse();
        assertThat(WebhookSignature.verify(PUBLIC_B64, TS, BODY, "***")).isFalse();
        assertThat(WebhookSignature.verify(PUBLIC_B64, TS, BODY, null)).isFalse();
        assertThatThrownBy(() -> WebhookSignature.publicKeyFromRaw(new byte[5])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.privateKeyFromSeed(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedKeysRoundTripThroughTheirRawForm() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(NamedParameterSpec.ED25519, new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        PublicKey pub = WebhookSignature.publicKeyFromRaw(WebhookSignature.rawPublicKey(pair.getPublic()));
        PrivateKey priv = WebhookSignature.privateKeyFromSeed(WebhookSignature.rawSeed(pair.getPrivate()));

        String sig = WebhookSignature.sign(priv, TS, BODY);
        assertThat(WebhookSignature.verify(pub, TS, BODY, sig)).isTrue();
        assertThat(WebhookSignature.verify(WebhookSignature.publicKeyBase64(pair.getPublic()), TS, BODY, sig)).isTrue();
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
