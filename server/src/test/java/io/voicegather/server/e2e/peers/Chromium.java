package io.voicegather.server.e2e.peers;

import java.nio.file.Files;
import java.nio.file.Path;

/** Debian's chromium and the puppeteer-core scripts in conformance/browser that drive it, for the browser tests. */
public final class Chromium {
    /** The folder of the scripts (and their node_modules), run with it as the working directory. */
    public static final Path SCRIPTS = Path.of("..", "conformance", "browser").toAbsolutePath().normalize();
    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Fails, saying how to install them, when chromium or puppeteer-core is missing. */
    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("chromium is required for the browser tests but " + BINARY
                    + " is missing: sudo apt-get install -y chromium (./test.sh does)");
        }
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("puppeteer-core"))) {
            throw new AssertionError("puppeteer-core is missing: (cd conformance/browser && npm ci) (./test.sh does)");
        }
    }
}
