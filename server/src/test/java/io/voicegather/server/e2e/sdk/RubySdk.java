package io.voicegather.server.e2e.sdk;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Telnyx Ruby SDK for the tests: its release tarball, read from the shared folder next to the
 * repository ({@code ../shared/sdk}, or {@code TELNYX_RUBY_SDK_TARBALL}), is unpacked into {@code target/} and loaded
 * with {@code ruby -I}; it is never copied into the repository. {@code conformance/ruby/lib} comes first on the load
 * path for the stand-in {@code standardwebhooks} module.
 */
final class RubySdk {
    static final String VERSION = "5.163.0";
    static final Path APP_DIR = Path.of("..", "conformance", "ruby").toAbsolutePath().normalize();
    private static final Path UNPACKED = Path.of("target", "telnyx-ruby-" + VERSION).toAbsolutePath();

    private RubySdk() {
    }

    /**
     * {@code ruby -I <stand-in> -I <sdk lib>}, ready for a script name; an AssertionError that says how to fix it
     * when ruby, its connection_pool library or the tarball is missing.
     */
    static synchronized List<String> command() throws IOException, InterruptedException {
        String ruby = NodeSdk.onPath("ruby");
        if (ruby == null) {
            throw new AssertionError("ruby is required for the Telnyx Ruby SDK conformance test but is not on PATH:"
                    + " install Debian's ruby and ruby-connection-pool (./test.sh does)");
        }
        if (run(ruby, "-rconnection_pool", "-e", "0") != 0) {
            throw new AssertionError("the Ruby library connection_pool, which the Telnyx SDK requires, is missing:"
                    + " install Debian's ruby-connection-pool (./test.sh does)");
        }
        Path lib = UNPACKED.resolve("lib");
        if (!Files.isDirectory(UNPACKED)) {
            unpack(tarball());
        }
        return new ArrayList<>(List.of(ruby, "-I", APP_DIR.resolve("lib").toString(), "-I", lib.toString()));
    }

    /** Into a fresh folder first, then renamed into place: a half-unpacked SDK is never seen as the SDK. */
    private static void unpack(Path tarball) throws IOException, InterruptedException {
        Files.createDirectories(UNPACKED.getParent());
        Path scratch = Files.createTempDirectory(UNPACKED.getParent(), "ruby-sdk-");
        if (run("tar", "-xzf", tarball.toString(), "-C", scratch.toString()) != 0
                || !Files.isRegularFile(scratch.resolve(UNPACKED.getFileName()).resolve("lib").resolve("telnyx.rb"))) {
            throw new AssertionError("could not unpack " + tarball + " (into " + scratch + ")");
        }
        try {
            Files.move(scratch.resolve(UNPACKED.getFileName()), UNPACKED, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(scratch);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // another test unpacked it meanwhile: theirs is as good (this copy stays in target/, cleaned with it)
        }
    }

    private static Path tarball() {
        String override = System.getenv("TELNYX_RUBY_SDK_TARBALL");
        Path t = override != null ? Path.of(override)
                : APP_DIR.resolve(Path.of("..", "..", "..", "shared", "sdk", "telnyx-ruby-" + VERSION + ".tar.gz"))
                        .normalize();
        if (!Files.isRegularFile(t)) {
            throw new AssertionError("the Telnyx Ruby SDK tarball is missing: expected " + t
                    + " (the shared folder next to the repository), or set TELNYX_RUBY_SDK_TARBALL");
        }
        return t;
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
