package io.voicegather.server.webhook;

import io.voicegather.api.webhook.WebhookSignature;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.Properties;

/**
 * The Ed25519 key pair that signs outgoing webhooks. Generated on first start and saved in the data folder as
 * {@code webhook-signing-key.properties} (owner read/write only where the file system has POSIX permissions), then
 * loaded on every later start so receivers keep verifying with the same published public key. Immutable.
 */
public final class SigningKeys {
    public static final String FILE_NAME = "webhook-signing-key.properties";
    private static final String SEED = "seed";
    private static final String PUBLIC_KEY = "public_key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String publicKeyBase64;

    private SigningKeys(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.publicKeyBase64 = WebhookSignature.publicKeyBase64(publicKey);
    }

    /** Loads the key pair from {@code dataDir}, or generates and saves one when there is none yet. */
    public static SigningKeys loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                return load(file);
            }
            Files.createDirectories(dataDir);
            SigningKeys created = generate();
            if (!save(created, file)) {
                return load(file); // another process saved one first: use theirs
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load or save the webhook signing key " + file, e);
        }
    }

    /** A fresh random key pair, not saved anywhere (for tests and tools). */
    public static SigningKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            return new SigningKeys(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    /** The private key's 32-byte seed in standard Base64: what a cluster shares (docs/storage.md). Keep it secret. */
    public String seedBase64() {
        return Base64.getEncoder().encodeToString(WebhookSignature.rawSeed(privateKey));
    }

    /** The key pair of a {@link #seedBase64()} seed. */
    public static SigningKeys fromSeed(String seedBase64) {
        try {
            byte[] seed = Base64.getDecoder().decode(seedBase64.trim());
            byte[] rawPublic = new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded();
            return new SigningKeys(WebhookSignature.privateKeyFromSeed(seed), WebhookSignature.publicKeyFromRaw(rawPublic));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed webhook signing key seed", e);
        }
    }

    /** The raw 32-byte public key in standard Base64 (44 characters): what receivers configure. */
    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    private static SigningKeys load(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String seed = p.getProperty(SEED);
        String pub = p.getProperty(PUBLIC_KEY);
        if (seed == null || pub == null) {
            throw new IOException(file + " lacks " + SEED + " or " + PUBLIC_KEY);
        }
        SigningKeys keys;
        try {
            keys = new SigningKeys(WebhookSignature.privateKeyFromSeed(Base64.getDecoder().decode(seed.trim())),
                    WebhookSignature.publicKeyFromBase64(pub));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds a malformed key", e);
        }
        // A mismatched pair would sign webhooks nobody can verify: refuse to start instead.
        byte[] probe = "probe".getBytes(StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign(keys.privateKey, "0", probe);
        if (!WebhookSignature.verify(keys.publicKey, "0", probe, sig)) {
            throw new IOException(file + " holds a public key that does not match its seed");
        }
        return keys;
    }

    /** Writes atomically; returns false when the file appeared meanwhile. */
    private static boolean save(SigningKeys keys, Path file) throws IOException {
        String text = "# Ed25519 key that signs outgoing webhooks. Keep this file private.\n"
                + "# Receivers verify with public_key (raw 32 bytes, standard Base64).\n"
                + SEED + "=" + keys.seedBase64() + "\n"
                + PUBLIC_KEY + "=" + keys.publicKeyBase64 + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = createPrivateTempFile(dir);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try (var channel = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (Files.exists(file)) {
                return false;
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path createPrivateTempFile(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, "signing-key", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Path tmp = Files.createTempFile(dir, "signing-key", ".tmp");
            var f = tmp.toFile();
            // best effort where POSIX permissions are absent (e.g. Windows)
            f.setReadable(false, false);
            f.setReadable(true, true);
            f.setWritable(false, false);
            f.setWritable(true, true);
            return tmp;
        }
    }
}
