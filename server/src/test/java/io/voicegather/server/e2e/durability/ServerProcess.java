package io.voicegather.server.e2e.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server as a separate JVM (same classpath as the tests), so that a test can SIGKILL it like a crash.
 * Collects its console output and finds the webhook public key that Main prints at start. Thread-safe.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern PUBLIC_KEY = Pattern.compile("public key\\s+(\\S+)");

    private final Process process;
    private final Path log;
    private final List<String> output = new ArrayList<>();
    private String publicKey;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::pump, "server-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts io.voicegather.server.Main with these flags; output goes to log as well. */
    static ServerProcess start(List<String> flags, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.voicegather.server.Main"));
        cmd.addAll(flags);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new ServerProcess(p, log);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                    Matcher m = PUBLIC_KEY.matcher(line);
                    if (publicKey == null && m.find()) {
                        publicKey = m.group(1);
                    }
                    output.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
        }
    }

    /** Waits for the start banner (printed once every part listens) and returns the webhook public key. */
    String awaitStarted(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (publicKey == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + output());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("server did not start within " + timeout + ":\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(output, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
            }
            return publicKey;
        }
    }

    /** SIGKILL: no shutdown hook, no orderly close; whatever is not on disk is lost. Returns the exit status. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server process " + process.pid() + " survived SIGKILL");
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself: its exit status, or null while it still runs after timeout. */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    long pid() {
        return process.pid();
    }

    String output() {
        synchronized (output) {
            String all = String.join("\n", output);
            return all.length() <= 8000 ? all : "..." + all.substring(all.length() - 8000);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        Files.writeString(log, output());
    }
}
