package io.voicegather.server;

import io.voicegather.server.store.DatabaseSettings;
import io.voicegather.server.store.PostgresServer;
import io.voicegather.server.store.TestBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A server whose database cannot be reached or refuses the login says so in one line and exits 1. */
class StorageStartFailureTest {
    @TempDir
    Path dir;

    @Test
    void anUnreachablePostgresIsOneClearLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = start("jdbc:postgresql://127.0.0.1:" + port + "/voicegather?connectTimeout=2", "vg", "secret-pw");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("voicegather: cannot connect to PostgreSQL jdbc:postgresql://127.0.0.1:" + port
                + "/voicegather: ").doesNotContain("secret-pw").doesNotContain("\tat ");
    }

    @Test
    void aRefusedPasswordIsOneClearLine() throws Exception {
        DatabaseSettings db = TestBackend.POSTGRESQL.settings(dir.resolve("db"));
        Result r = start(db.url(), PostgresServer.USER, "not-the-password");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("voicegather: cannot connect to PostgreSQL " + db.url() + ": ")
                .contains("password authentication failed").doesNotContain("not-the-password")
                .doesNotContain("\tat ");
    }

    private record Result(int exitCode, String output) {
    }

    private Result start(String url, String user, String password) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--data-dir", dir.resolve("data").toString(), "--http-port", "0",
                "--sip-port", "0", "--sip-host", "127.0.0.1", "--database-url", url, "--database-user", user));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("VOICEGATHER_DATABASE_PASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        return new Result(p.exitValue(), out);
    }
}
