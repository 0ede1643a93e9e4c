package io.voicegather.server.e2e.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A headless baresip (1.0.0) as a real phone on 127.0.0.1: its own config directory, a WAV prompt as microphone
 * (padded with 60 s of silence, because baresip hangs up when the aufile source ends), the ALSA null device as
 * speaker, sndfile recordings of both directions, and control over ctrl_tcp (netstring JSON: commands and
 * events) and cons (UDP key presses, which become RFC 4733 events during a call).
 *
 * <p>Thread-safety: commands may be sent from any thread (one socket, writes are synchronized); events are
 * collected by one reader thread and can be awaited from any thread.
 */
public final class Baresip implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/baresip");
    private static final Path MODULES = Path.of("/usr/lib/baresip/modules");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte KEY_RELEASE = 0x04;

    public enum AnswerMode { AUTO, MANUAL }

    /**
     * @param user       account user (the account URI is sip:user@127.0.0.1:sipPort)
     * @param answerMode auto: incoming calls are answered at once; manual: they wait for {@link #accept()}
     * @param prompt     8 kHz mono samples sent as microphone audio (silence if empty)
     * @param timeout    hard bound of the process lifetime
     */
    public record Options(String user, AnswerMode answerMode, short[] prompt, Duration timeout) {
        public static Options defaults() {
            return new Options("alice", AnswerMode.AUTO, new short[0], Duration.ofSeconds(60));
        }

        public Options withAnswerMode(AnswerMode mode) {
            return new Options(user, mode, prompt, timeout);
        }

        public Options withPrompt(short[] samples) {
            return new Options(user, answerMode, samples, timeout);
        }

        public Options withTimeout(Duration d) {
            return new Options(user, answerMode, prompt, d);
        }
    }

    /** One ctrl_tcp event, e.g. type CALL_ESTABLISHED / CALL_CLOSED / CALL_DTMF_START (param = the digit). */
    public record Event(String type, String param, JsonNode raw) {
    }

    /** Reply to a command. */
    public record Response(boolean ok, String data) {
    }

    private final Path dir;
    private final Options options;
    private final int sipPort;
    private final int ctrlPort;
    private final int consPort;
    private final Process process;
    private final Socket ctrl;
    private final OutputStream ctrlOut;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, CompletableFuture<Response>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final Thread watchdog;

    private Baresip(Path dir, Options options, int sipPort, int ctrlPort, int consPort, Process process,
                    Socket ctrl) throws IOException {
        this.dir = dir;
        this.options = options;
        this.sipPort = sipPort;
        this.ctrlPort = ctrlPort;
        this.consPort = consPort;
        this.process = process;
        this.ctrl = ctrl;
        this.ctrlOut = ctrl.getOutputStream();
        Thread reader = new Thread(this::readLoop, "baresip-ctrl-" + ctrlPort);
        reader.setDaemon(true);
        reader.start();
        this.watchdog = new Thread(this::watch, "baresip-watchdog-" + ctrlPort);
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Fails (never skips) when baresip is missing, so a CI without it is red. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY) || !Files.isDirectory(MODULES)) {
            throw new AssertionError("baresip is required for the end-to-end tests but " + BINARY + " (or "
                    + MODULES + ") is missing. Install it: sudo apt-get install -y baresip-core");
        }
    }

    /** Writes the config into dir (created if needed), starts baresip and connects to ctrl_tcp. */
    public static Baresip start(Path dir, Options options) throws IOException, InterruptedException {
        requireInstalled();
        Path config = Files.createDirectories(dir.resolve("config"));
        Path recordings = Files.createDirectories(dir.resolve("recordings"));
        Path prompt = Wav.writePcm16Mono8k(dir.resolve("prompt.wav"), Wav.padWithSilence(options.prompt(), 60));
        int base = FreePorts.block(4);
        int sipPort = base;              // UDP and TCP; baresip also opens SIP over TLS on sipPort + 1
        int ctrlPort = base + 2;
        int consPort = base + 3;
        int rtpBase = FreePorts.block(20);
        Files.writeString(config.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + sipPort,
                "net_interface 127.0.0.1",
                "call_local_timeout 120",
                "call_max_calls 4",
                "audio_player alsa,null",
                "audio_alert alsa,null",
                "audio_source aufile," + prompt.toAbsolutePath(),
                "ausrc_srate 8000",
                "auplay_srate 8000",
                "ausrc_channels 1",
                "auplay_channels 1",
                "audio_buffer 20-160",
                "rtp_ports " + rtpBase + "-" + (rtpBase + 19),
                "rtcp_mux no",
                "jitter_buffer_delay 5-10",
                "module_path " + MODULES,
                "module g711.so",
                "module aufile.so",
                "module alsa.so",
                "module sndfile.so",
                "module cons.so",
                "module_tmp account.so",
                "module_app contact.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                "cons_listen 127.0.0.1:" + consPort,
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort,
                "snd_path " + recordings.toAbsolutePath(),
                ""));
        String mode = options.answerMode() == AnswerMode.AUTO ? "auto" : "manual";
        Files.writeString(config.resolve("accounts"), "<sip:" + options.user() + "@127.0.0.1:" + sipPort
                + ">;regint=0;answermode=" + mode + ";audio_codecs=PCMU\n");
        Files.writeString(config.resolve("contacts"), "");
        long selfQuit = Math.max(5, options.timeout().toSeconds());
        Process p = new ProcessBuilder(BINARY.toString(), "-f", config.toAbsolutePath().toString(),
                "-t", Long.toString(selfQuit))
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("baresip.log").toFile())
                .redirectErrorStream(true)
                .start();
        Socket s = connect(ctrlPort, p, Duration.ofSeconds(10), dir);
        return new Baresip(dir, options, sipPort, ctrlPort, consPort, p, s);
    }

    private static Socket connect(int port, Process p, Duration within, Path dir) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("baresip exited with " + p.exitValue() + ":\n" + log(dir));
            }
            try {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return s;
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IOException("baresip ctrl_tcp did not open on " + port + ":\n" + log(dir), last);
    }

    public int sipPort() {
        return sipPort;
    }

    /** sip:user@127.0.0.1:port, where this phone can be called. */
    public String uri() {
        return "sip:" + options.user() + "@127.0.0.1:" + sipPort;
    }

    public Path recordingDir() {
        return dir.resolve("recordings");
    }

    /** baresip's console output so far. */
    public String log() {
        return log(dir);
    }

    private static String log(Path dir) {
        try {
            Path f = dir.resolve("baresip.log");
            return Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Response dial(String uri) throws IOException, TimeoutException {
        return command("dial", uri);
    }

    public Response accept() throws IOException, TimeoutException {
        return command("accept", "");
    }

    public Response hangup() throws IOException, TimeoutException {
        return command("hangup", "");
    }

    public Response listCalls() throws IOException, TimeoutException {
        return command("listcalls", "");
    }

    /** Sends a ctrl_tcp command and waits up to 5 s for its reply. */
    public Response command(String command, String params) throws IOException, TimeoutException {
        String token = "t" + tokens.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("command", command).put("params", params).put("token", token);
        byte[] body = JSON.writeValueAsBytes(msg);
        CompletableFuture<Response> reply = new CompletableFuture<>();
        pending.put(token, reply);
        synchronized (ctrlOut) {
            ctrlOut.write(netstring(body));
            ctrlOut.flush();
        }
        try {
            return reply.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + command, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(command + " failed", e.getCause());
        } finally {
            pending.remove(token);
        }
    }

    /**
     * Presses keys on the cons port: each key is held for tone, then released (0x04; without the release the
     * last digit would last until the call ends), then gap passes before the next one. Blocks for the duration.
     */
    public void pressKeys(String keys, Duration tone, Duration gap) throws IOException, InterruptedException {
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), consPort);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (char c : keys.toCharArray()) {
                byte[] key = {(byte) c};
                s.send(new DatagramPacket(key, 1, target));
                Thread.sleep(tone.toMillis());
                s.send(new DatagramPacket(new byte[]{KEY_RELEASE}, 1, target));
                Thread.sleep(gap.toMillis());
            }
        }
    }

    /** {@link #pressKeys(String, Duration, Duration)} with milliseconds. */
    public void pressKeys(String keys, int toneMs, int gapMs) throws IOException, InterruptedException {
        pressKeys(keys, Duration.ofMillis(toneMs), Duration.ofMillis(gapMs));
    }

    /** The digits of every CALL_DTMF_START so far, in order: baresip as the oracle of what the far end sent. */
    public String receivedDigits() {
        StringBuilder digits = new StringBuilder();
        for (Event e : events()) {
            if (e.type().equals("CALL_DTMF_START")) {
                digits.append(e.param());
            }
        }
        return digits.toString();
    }

    /** Every event received so far, in order. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The first event (already received or arriving within timeout) that matches. */
    public Event awaitEvent(Predicate<Event> match, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (match.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching baresip event within " + timeout + "; got "
                            + events.stream().map(Event::type).toList());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    public Event awaitEvent(String type, Duration timeout) throws InterruptedException, TimeoutException {
        return awaitEvent(e -> type.equals(e.type()), timeout);
    }

    private void readLoop() {
        try (InputStream in = new BufferedInputStream(ctrl.getInputStream())) {
            while (true) {
                byte[] msg = readNetstring(in);
                if (msg == null) {
                    return;
                }
                JsonNode node = JSON.readTree(msg);
                if (node.path("event").asBoolean(false)) {
                    Event e = new Event(node.path("type").asText(""), node.path("param").asText(""), node);
                    synchronized (events) {
                        events.add(e);
                        events.notifyAll();
                    }
                } else if (node.path("response").asBoolean(false)) {
                    CompletableFuture<Response> f = pending.get(node.path("token").asText(""));
                    if (f != null) {
                        f.complete(new Response(node.path("ok").asBoolean(false), node.path("data").asText("")));
                    }
                }
            }
        } catch (IOException e) {
            // socket closed: baresip quit or close() was called
        } finally {
            pending.values().forEach(f -> f.completeExceptionally(new IOException("ctrl_tcp closed")));
        }
    }

    /** "LEN:BYTES," or null at end of stream. */
    static byte[] readNetstring(InputStream in) throws IOException {
        int len = 0;
        int c;
        boolean any = false;
        while ((c = in.read()) != ':') {
            if (c < 0) {
                return null;
            }
            if (c < '0' || c > '9') {
                throw new IOException("bad netstring length byte " + c);
            }
            len = len * 10 + (c - '0');
            any = true;
        }
        if (!any) {
            throw new IOException("empty netstring length");
        }
        byte[] body = in.readNBytes(len);
        if (body.length < len || in.read() != ',') {
            throw new IOException("truncated netstring");
        }
        return body;
    }

    private void watch() {
        try {
            if (!process.waitFor(options.timeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /** Asks baresip to quit, then kills it if it has not exited within 3 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    command("quit", "");
                } catch (IOException | TimeoutException ignored) {
                    // it may close the socket before replying
                }
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(3, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            watchdog.interrupt();
            try {
                ctrl.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    static byte[] netstring(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((body.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.write(',');
        return out.toByteArray();
    }
}
