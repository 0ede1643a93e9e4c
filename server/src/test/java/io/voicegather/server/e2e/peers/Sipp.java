package io.voicegather.server.e2e.peers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SIPp run as a child process, configured fluently, always bound to 127.0.0.1 and always bounded by a hard
 * timeout (the process is killed when it expires). Every run writes its screen output, statistics CSV
 * ({@code -trace_stat}), error log and message log into the working directory; {@link Result} carries them back.
 *
 * <p>Scenario names without a slash are looked up as test resources under {@code /e2e/sipp/} and copied into
 * the working directory. Build on one thread; a {@link Running} may be awaited from any thread.
 */
public final class Sipp {
    public static final Path BINARY = Path.of("/usr/bin/sipp");
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path workDir;
    private final String scenario;
    private final String remote;
    private final List<String> extra = new ArrayList<>();
    private final Map<String, String> keys = new LinkedHashMap<>();
    private int localPort;
    private int mediaPort;
    private String service = "1000";
    private String caller = "sipp";
    private int calls = 1;
    private Duration timeout = Duration.ofSeconds(30);

    private Sipp(String scenario, String remote, Path workDir) {
        this.scenario = scenario;
        this.remote = remote;
        this.workDir = workDir;
    }

    /** Fails (never skips) when SIPp is missing, so a CI without it is red. */
    public static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("SIPp is required for the end-to-end tests but " + BINARY + " is missing. "
                    + "Install it: sudo apt-get install -y sip-tester");
        }
    }

    /**
     * SIPp's play_pcap_audio sends over a raw IPv4 socket, so it needs root or CAP_NET_RAW on the binary
     * (without it the call runs but no RTP leaves: "Can't create raw IPv4 socket"). Fails with the fix otherwise.
     */
    public static void requirePcapPlayback() {
        requireInstalled();
        if (hasNetRawCapability()) {
            return;
        }
        String fileCaps = "";
        try {
            Process p = new ProcessBuilder("getcap", BINARY.toString()).redirectErrorStream(true).start();
            fileCaps = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no getcap: report below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!fileCaps.contains("cap_net_raw")) {
            throw new AssertionError("SIPp needs CAP_NET_RAW to play pcaps (raw socket). Run the tests as root or "
                    + "grant it once: sudo setcap cap_net_raw+ep " + BINARY);
        }
    }

    /** Whether this JVM (and so its children, e.g. when running as root) holds CAP_NET_RAW (bit 13). */
    private static boolean hasNetRawCapability() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 13)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** A client run against remoteHostPort ("127.0.0.1:5060"). */
    public static Sipp uac(String scenario, String remoteHostPort, Path workDir) {
        return new Sipp(scenario, remoteHostPort, workDir);
    }

    /** A server run that waits for calls on {@link #localPort(int)}. */
    public static Sipp uas(String scenario, Path workDir) {
        return new Sipp(scenario, null, workDir);
    }

    /** -p: SIP port (0 = let SIPp choose; a UAS needs a fixed one). */
    public Sipp localPort(int port) {
        this.localPort = port;
        return this;
    }

    /** -mp: base media port ([media_port]; [auto_media_port] counts up from it per call). */
    public Sipp mediaPort(int port) {
        this.mediaPort = port;
        return this;
    }

    /** -s: the request user of the INVITE (lets a test tell its calls apart). */
    public Sipp service(String user) {
        this.service = user;
        return this;
    }

    /** -key caller NAME: the From (and Contact) user of the uac_* scenarios; "sipp" unless set. */
    public Sipp caller(String user) {
        this.caller = user;
        return this;
    }

    /** -cid_str: Call-IDs become prefix-&lt;call number&gt;-&lt;pid&gt;@&lt;ip&gt;. */
    public Sipp callIdPrefix(String prefix) {
        return args("-cid_str", prefix + "-%u-%p@%s");
    }

    /** -key pcap FILE: the pcap played by play_pcap_audio="[pcap]". */
    public Sipp pcap(Path file) {
        return key("pcap", file.toAbsolutePath().toString());
    }

    /** -key NAME VALUE: a keyword [NAME] in the scenario. */
    public Sipp key(String name, String value) {
        keys.put(name, value);
        return this;
    }

    /** -d: length of every plain {@code <pause/>}. */
    public Sipp pause(Duration d) {
        return args("-d", Long.toString(d.toMillis()));
    }

    /** -recv_timeout: bound of every {@code <recv>} without its own timeout (how long to wait for a BYE). */
    public Sipp recvTimeout(Duration d) {
        return args("-recv_timeout", Long.toString(d.toMillis()));
    }

    /** -m: stop after this many calls (default 1). */
    public Sipp calls(int n) {
        this.calls = n;
        return this;
    }

    /** Hard bound of the whole run; SIPp's own -timeout is set a little shorter so it normally ends itself. */
    public Sipp timeout(Duration d) {
        this.timeout = d;
        return this;
    }

    /** Any further SIPp arguments (e.g. "-l", "10", "-r", "5", "-rtp_echo"). */
    public Sipp args(String... args) {
        extra.addAll(List.of(args));
        return this;
    }

    public Result run() throws IOException, InterruptedException {
        return start().await();
    }

    public Running start() throws IOException {
        requireInstalled();
        if (keys.containsKey("pcap")) {
            requirePcapPlayback();
        }
        Files.createDirectories(workDir);
        Path scenarioFile = resolveScenario();
        String name = scenarioFile.getFileName().toString().replace(".xml", "") + "-" + RUNS.incrementAndGet();
        Path stat = workDir.resolve(name + "-stat.csv");
        Path errors = workDir.resolve(name + "-errors.log");
        Path messages = workDir.resolve(name + "-messages.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY.toString());
        if (remote != null) {
            cmd.add(remote);
        }
        cmd.addAll(List.of("-sf", scenarioFile.toString(), "-i", "127.0.0.1", "-mi", "127.0.0.1",
                "-p", Integer.toString(localPort), "-s", service, "-m", Integer.toString(calls), "-nostdin",
                "-timeout", Math.max(1, timeout.toSeconds() - 2) + "s",
                "-trace_stat", "-stf", stat.toString(), "-fd", "1",
                "-trace_err", "-error_file", errors.toString(),
                "-trace_msg", "-message_file", messages.toString()));
        if (mediaPort > 0) {
            cmd.addAll(List.of("-mp", Integer.toString(mediaPort)));
        }
        if (!keys.containsKey("caller")) {
            cmd.addAll(List.of("-key", "caller", caller));
        }
        keys.forEach((k, v) -> cmd.addAll(List.of("-key", k, v)));
        cmd.addAll(extra);
        Path out = workDir.resolve(name + "-stdout.log");
        Path err = workDir.resolve(name + "-stderr.log");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Running(p, cmd, timeout, out, err, stat, errors, messages);
    }

    private Path resolveScenario() throws IOException {
        if (scenario.contains("/")) {
            return Path.of(scenario).toAbsolutePath();
        }
        Path target = workDir.resolve(scenario);
        try (InputStream in = Sipp.class.getResourceAsStream("/e2e/sipp/" + scenario)) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario resource /e2e/sipp/" + scenario);
            }
            // written aside and moved into place: a SIPp started just before may be reading the file now
            Path part = Files.createTempFile(workDir, scenario, ".part");
            Files.write(part, in.readAllBytes());
            Files.move(part, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    /** A started SIPp process. close() kills it if it is still running. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> command;
        private final long deadlineNanos;
        private final Path stdout;
        private final Path stderr;
        private final Path stat;
        private final Path errors;
        private final Path messages;

        private Running(Process process, List<String> command, Duration timeout, Path stdout, Path stderr,
                        Path stat, Path errors, Path messages) {
            this.process = process;
            this.command = List.copyOf(command);
            this.deadlineNanos = System.nanoTime() + timeout.toNanos();
            this.stdout = stdout;
            this.stderr = stderr;
            this.stat = stat;
            this.errors = errors;
            this.messages = messages;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits until SIPp exits or the hard timeout expires (then it is killed and timedOut is true). */
        public Result await() throws InterruptedException, IOException {
            long left = deadlineNanos - System.nanoTime();
            boolean exited = left > 0 && process.waitFor(left, TimeUnit.NANOSECONDS);
            if (!exited) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(exited ? process.exitValue() : -1, !exited, command,
                    read(stdout), read(stderr), finalStats(stat), read(errors), read(messages));
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /** Outcome of one run. stats: the last row of the -trace_stat CSV by column name (empty if none was written). */
    public record Result(int exitCode, boolean timedOut, List<String> command, String stdout, String stderr,
                         Map<String, String> stats, String errors, String messages) {

        public long successfulCalls() {
            return counter("SuccessfulCall(C)");
        }

        public long failedCalls() {
            return counter("FailedCall(C)");
        }

        /** A cumulative counter such as "OutgoingCall(C)"; -1 when absent. */
        public long counter(String column) {
            String v = stats.get(column);
            return v == null || v.isBlank() ? -1 : Long.parseLong(v.trim());
        }

        /** Everything a failing assertion should show. */
        public String describe() {
            return "sipp exit=" + exitCode + (timedOut ? " (killed on timeout)" : "") + "\ncommand: "
                    + String.join(" ", command) + "\nstats: SuccessfulCall=" + successfulCalls() + " FailedCall="
                    + failedCalls() + "\nerrors:\n" + tail(errors) + "\nstderr:\n" + tail(stderr)
                    + "\nscreen:\n" + tail(stdout);
        }

        private static String tail(String s) {
            return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
        }
    }

    static Map<String, String> finalStats(Path csv) throws IOException {
        Map<String, String> row = new LinkedHashMap<>();
        if (!Files.exists(csv)) {
            return row;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.size() < 2) {
            return row;
        }
        String[] names = lines.get(0).split(";", -1);
        String[] values = lines.get(lines.size() - 1).split(";", -1);
        for (int i = 0; i < names.length && i < values.length; i++) {
            row.put(names[i].trim(), values[i].trim());
        }
        return row;
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
    }
}
