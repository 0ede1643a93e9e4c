package io.voicegather.server.webhook;

import io.voicegather.api.webhook.WebhookSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SigningKeysTest {
    @TempDir
    Path dir;

    @Test
    void generatesOnFirstStartAndLoadsTheSameKeyAfterwards() throws Exception {
        Path dataDir = dir.resolve("data");
        SigningKeys first = SigningKeys.loadOrCreate(dataDir);
        Path file = dataDir.resolve(SigningKeys.FILE_NAME);
        assertThat(file).exists();
        assertThat(first.publicKeyBase64()).hasSize(44);
        assertThat(Base64.getDecoder().decode(first.publicKeyBase64())).hasSize(32);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        SigningKeys second = SigningKeys.loadOrCreate(dataDir);
        assertThat(second.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String sig = WebhookSignature.sign(second.privateKey(), "1", body);
        assertThat(WebhookSignature.verify(first.publicKeyBase64(), "1", body, sig)).isTrue();
        assertThat(SigningKeys.generate().publicKeyBase64()).isNotEqualTo(first.publicKeyBase64());
    }

    @Test
    void refusesAFileWhosePublicKeyDoesNotMatch() throws Exception {
        SigningKeys.loadOrCreate(dir);
        Path file = dir.resolve(SigningKeys.FILE_NAME);
        String other = SigningKeys.generate().publicKeyBase64();
        String text = Files.readString(file).replaceAll("public_key=.*", "public_key=" + other.replace("=", "\\\\="));
        Files.writeString(file, text);
        assertThatThrownBy(() -> SigningKeys.loadOrCreate(dir)).rootCause().hasMessageContaining("does not match");
    }
}
