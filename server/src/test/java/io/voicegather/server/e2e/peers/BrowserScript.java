package io.voicegather.server.e2e.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One of the puppeteer-core scripts in {@link Chromium#SCRIPTS}, running: the test waits for its progress lines
 * (each with a timeout, so a stuck browser fails the test instead of hanging it), writes lines to it, and reads the
 * JSON line it prints last. Its standard error, the page's console included, goes to a file quoted on failure.
 */
public final class BrowserScript implements AutoCloseable {
    private static final String END = "\u0000end";
    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private String last;

    private BrowserScript(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::readLines, "browser-script-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code node script} in the scripts' folder with {@code env} added; its stderr goes to {@code stderr}. */
    public static BrowserScript start(String script, Map<String, String> env, Path stderr) throws IOException {
        Chromium.require();
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(Chromium.SCRIPTS.toFile())
                .redirectError(stderr.toFile());
        pb.environment().putAll(env);
        return new BrowserScript(pb.start(), stderr);
    }

    private void readLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the script's output failed: " + e + ")");
        } finally {
            lines.add(END);
        }
    }

    /** Waits for the script's next line and checks it is {@code expected}. */
    public void expectLine(String expected, Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!expected.equals(line)) {
            throw new AssertionError("expected the browser script to print '" + expected + "' but it printed "
                    + (line == null ? "nothing in " + timeout : END.equals(line) ? "nothing more and ended" : "'"
                    + line + "'") + "\n" + stderr());
        }
    }

    /** Writes a line to the script's standard input. */
    public void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Waits for the script to end, successfully, and parses the last line it printed. */
    public JsonNode result(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String line; !END.equals(line = lines.poll(Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS)); ) {
            if (line == null) {
                throw new AssertionError("the browser script did not end in " + timeout + "\n" + stderr());
            }
            last = line;
        }
        if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                || process.exitValue() != 0) {
            throw new AssertionError("the browser script failed\n" + stderr());
        }
        return new ObjectMapper().readTree(last);
    }

    /** What the script wrote to its standard error, for a failure's message. */
    public String stderr() {
        try {
            return "the browser said:\n" + Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly); // puppeteer's chromium, not left behind
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
