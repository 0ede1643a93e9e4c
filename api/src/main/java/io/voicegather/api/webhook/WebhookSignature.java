package io.voicegather.api.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The webhook signature scheme: Ed25519 (RFC 8032) over the UTF-8 bytes of {@code timestamp + "|"} followed by
 * the raw body bytes; the header value is the standard Base64 of the 64-byte signature. Public keys travel as the
 * standard Base64 of the raw 32-byte key. Pure JDK crypto, no I/O.
 */
public final class WebhookSignature {
    /** Header carrying the Base64 signature. */
    public static final String SIGNATURE_HEADER = "telnyx-signature-ed25519";
    /** Header carrying the Unix time in seconds that was signed. */
    public static final String TIMESTAMP_HEADER = "telnyx-timestamp";

    private static final String ALGORITHM = "Ed25519";
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final int RAW_KEY_LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 64;

    private WebhookSignature() {
    }

    /** Signs one delivery; returns the header value (standard Base64 of the 64-byte signature). */
    public static String sign(PrivateKey key, String timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /**
     * Checks one delivery against a raw public key given as standard Base64. Any malformed input (bad Base64, wrong
     * key or signature length) yields {@code false} rather than an exception: a receiver only needs yes or no.
     */
    public static boolean verify(String publicKeyBase64, String timestamp, byte[] body, String signatureBase64) {
        if (publicKeyBase64 == null || timestamp == null || body == null || signatureBase64 == null) {
            return false;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(publicKeyBase64.trim());
            if (raw.length != RAW_KEY_LENGTH) {
                return false;
            }
            return verify(publicKeyFromRaw(raw), timestamp, body, signatureBase64);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** As {@link #verify(String, String, byte[], String)} with a JDK public key. */
    public static boolean verify(PublicKey key, String timestamp, byte[] body, String signatureBase64) {
        try {
            byte[] signature = Base64.getDecoder().decode(signatureBase64.trim());
            if (signature.length != SIGNATURE_LENGTH) {
                return false;
            }
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update((timestamp + "|").getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(signature);
        } catch (IllegalArgumentException | SignatureException | InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** Wraps a raw 32-byte Ed25519 public key into a JDK key. */
    public static PublicKey publicKeyFromRaw(byte[] raw) {
        requireLength(raw, "public key");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw)));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("invalid Ed25519 public key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** Wraps a standard-Base64 raw 32-byte public key into a JDK key. */
    public static PublicKey publicKeyFromBase64(String publicKeyBase64) {
        return publicKeyFromRaw(Base64.getDecoder().decode(publicKeyBase64.trim()));
    }

    /** Wraps a 32-byte Ed25519 seed (the raw private key) into a JDK key. */
    public static PrivateKey privateKeyFromSeed(byte[] seed) {
        requireLength(seed, "seed");
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("invalid Ed25519 seed", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** The raw 32 bytes of a JDK Ed25519 public key (the tail of its X.509 encoding). */
    public static byte[] rawPublicKey(PublicKey key) {
        return tail(key.getEncoded(), X509_PREFIX, "public key");
    }

    /** The 32-byte seed of a JDK Ed25519 private key (the tail of its PKCS#8 v1 encoding). */
    public static byte[] rawSeed(PrivateKey key) {
        return tail(key.getEncoded(), PKCS8_PREFIX, "private key");
    }

    /** Standard Base64 of the raw public key: the form published to receivers (44 characters). */
    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(rawPublicKey(key));
    }

    private static byte[] tail(byte[] encoded, byte[] prefix, String what) {
        if (encoded == null || encoded.length != prefix.length + RAW_KEY_LENGTH
                || !Arrays.equals(encoded, 0, prefix.length, prefix, 0, prefix.length)) {
            throw new IllegalArgumentException("not an Ed25519 " + what + " in the expected encoding");
        }
        return Arrays.copyOfRange(encoded, prefix.length, encoded.length);
    }

    private static void requireLength(byte[] raw, String what) {
        if (raw == null || raw.length != RAW_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 " + what + " has " + RAW_KEY_LENGTH + " bytes");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
