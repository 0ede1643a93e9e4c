package io.voicegather.server.e2e.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the Node SDK conformance tests share: finding node and the installed SDK, and reading the app's output. */
final class NodeSdk {
    private NodeSdk() {
    }

    /** The node binary; an AssertionError that says how to fix it when node or the SDK is absent. */
    static String requireNodeAndSdk(Path appDir) {
        String node = onPath("node");
        if (node == null) {
            throw new AssertionError("node is required for the Telnyx Node SDK conformance test but is not on PATH."
                    + " Install Node.js 18+, then run `npm ci` in conformance/node");
        }
        if (!Files.isDirectory(appDir.resolve("node_modules").resolve("telnyx"))) {
            throw new AssertionError("the Telnyx Node SDK is not installed: run `npm ci` in conformance/node ("
                    + appDir + ")");
        }
        return node;
    }

    /** The program's path in a PATH directory, or null. */
    static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/local/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program).toString();
            }
        }
        return null;
    }

    /** The next line the app prints; fails when it exits first. Bounded by the test timeout and TIMEOUT_MS. */
    static String readLine(BufferedReader out, Process app) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new AssertionError("the app ended without its summary (exit " + (app.isAlive() ? "?"
                    : app.exitValue()) + ")");
        }
        return line;
    }

    /** Reads the app's JSON lines into {@code lines} up to its summary line, and returns the summary. */
    static JsonNode readUntilSummary(BufferedReader out, Process app, List<JsonNode> lines) throws IOException {
        ObjectMapper json = new ObjectMapper();
        while (true) {
            JsonNode line = json.readTree(readLine(out, app));
            lines.add(line);
            if (line.has("summary")) {
                return line.get("summary");
            }
        }
    }
}
