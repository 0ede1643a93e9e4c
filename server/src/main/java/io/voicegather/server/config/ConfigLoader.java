package io.voicegather.server.config;

import io.voicegather.server.sip.SipAdmissionSettings;
import io.voicegather.server.sip.SipAllowList;
import io.voicegather.server.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads {@link ServerConfig} from {@code --name value} / {@code --name=value} flags, then environment variables
 * {@code VOICEGATHER_NAME} (upper case, dashes as underscores), then defaults. A flag wins over the environment.
 */
public final class ConfigLoader {

    /** Every option: name, default, one-line help. The order is the order of {@code --help}. */
    static final List<Option> OPTIONS = List.of(
            new Option("http-host", "0.0.0.0", "address the REST API listens on"),
            new Option("http-port", "8080", "REST API port (the API is under /v2)"),
            new Option("dev-phone-port", "8081", "port of the dev phone's WebSocket (on http-host), the browser phone at /phone; 0: off"),
            new Option("sip-host", "0.0.0.0", "address SIP (UDP and TCP) listens on"),
            new Option("sip-port", "5060", "SIP port"),
            new Option("sip-allow", "", "sources SIP is taken from, comma-separated CIDR blocks (10.0.0.0/8, 2001:db8::/32); others are dropped unanswered; empty: everyone"),
            new Option("sip-invites-per-second", "200", "new INVITEs per second one source address may send on average; more: 503 with Retry-After"),
            new Option("sip-invite-burst", "400", "new INVITEs one source address may send at once after a quiet spell"),
            new Option("sip-max-unanswered-calls", "1000", "calls that may wait for the application's answer at once; a new INVITE beyond: 503 with Retry-After"),
            new Option("sip-tcp-max-connections", "4096", "SIP TCP connections open at once; more are closed on accept"),
            new Option("sip-tcp-max-connections-per-source", "256", "SIP TCP connections open at once from one source address"),
            new Option("sip-tcp-idle-timeout-seconds", "300", "close a SIP TCP connection that carried no traffic this long and no live call"),
            new Option("advertised-host", "", "address written into SDP and Contact (default: sip-host, or 127.0.0.1 when that is 0.0.0.0)"),
            new Option("rtp-ports", "20000-29999", "RTP port range, an even port per call plus the RTCP port above it"),
            new Option("rtp-timeout-seconds", "60", "hang up a call whose RTP stopped for this long"),
            new Option("answer-timeout-seconds", "60", "reject (480) a call the application has not answered by then"),
            new Option("command-wait-millis", "5000", "how long a command waits for its busy call; past it: 503, not applied"),
            new Option("data-dir", "./data", "folder for the database and keys"),
            new Option("database-url", "", "jdbc:postgresql://host:port/name of a PostgreSQL server the nodes of a cluster share; empty: SQLite in the data folder"),
            new Option("database-user", "", "PostgreSQL user (role) for --database-url"),
            new Option("database-password", "", "PostgreSQL password for --database-url"),
            new Option("webhook-url", "", "the application's webhook URL"),
            new Option("demo", "false", "answer calls with the built-in example IVR (it takes the webhooks, so no --webhook-url); '--demo' alone means true"),
            new Option("webhook-failover-url", "", "tried when the webhook URL keeps failing"),
            new Option("webhook-timeout-millis", "2000", "time allowed for one webhook delivery attempt"),
            new Option("webhook-give-up-after-seconds", "3600", "keep retrying an undelivered webhook until it is this old"),
            new Option("webhook-max-uncommitted", "100000", "events kept in memory while the disk refuses writes; from four fifths of it new calls and commands are refused (503)"),
            new Option("api-key", "", "accepted API key(s), comma-separated; generated and kept in the data folder when empty"),
            new Option("tts-url", "", "OpenAI-compatible speech server (POST {url}/v1/audio/speech); empty: the built-in offline voice"),
            new Option("tts-api-key", "", "Bearer key for the speech server"),
            new Option("tts-model", "tts-1", "model asked of the speech server"),
            new Option("tts-voice", "alloy", "speech server voice for requests with no gender hint"),
            new Option("tts-male-voice", "onyx", "speech server voice for male voice requests"),
            new Option("tts-female-voice", "nova", "speech server voice for female voice requests"),
            new Option("tts-cache-max-mb", "512", "disk budget (MiB) of rendered speech in <data-dir>/tts-cache, least recently used deleted first; 0: memory only"),
            new Option("audio-url-block-private", "false", "refuse audio_url and media_url on loopback, private, link-local and other non-public addresses (true/false)"),
            new Option("audio-cache-max-mb", "512", "disk budget (MiB) of audio_url prompts in <data-dir>/audio-cache, least recently used deleted first; 0: memory only"),
            new Option("stt-url", "", "OpenAI-compatible speech-to-text server (POST {url}/v1/audio/transcriptions); empty: vosk-model, else none"),
            new Option("stt-api-key", "", "Bearer key for the speech-to-text server"),
            new Option("stt-model", "whisper-1", "model asked of the speech-to-text server"),
            new Option("stt-timeout-millis", "8000", "time allowed for one transcription request"),
            new Option("vosk-model", "", "folder of an unpacked Vosk model, the offline recogniser used when stt-url is empty"),
            new Option("llm-url", "", "OpenAI-compatible chat server (POST {url}/v1/chat/completions); empty: no language model"),
            new Option("llm-api-key", "", "Bearer key for the chat server"),
            new Option("llm-model", "gpt-4o-mini", "model asked of the chat server when a request names none"),
            new Option("llm-timeout-millis", "10000", "time allowed for one chat completion request"),
            new Option("assistants-file", "", "JSON file of AI assistants that ai_assistant_start can name by id (besides those created through /v2/ai/assistants)"),
            new Option("connection-id", "1", "connection_id reported in webhooks"),
            new Option("drain-timeout-seconds", "30", "on SIGTERM or POST /admin/drain: take no new calls, let live ones finish, stop when none is left or after this long"),
            new Option("node-id", "0", "this node's number in a cluster (0-65535), written into every call_control_id it makes"),
            new Option("cluster-nodes", "", "the cluster's nodes, N=http://host:port comma-separated: a call's commands sent to another node are forwarded to the one that owns the call"),
            new Option("node-lease-seconds", "10", "on PostgreSQL: how long a node's lease holds; a node that has not renewed it for this long plus one renew interval is dead, and a survivor delivers its webhooks and hangs up its calls"),
            new Option("node-lease-renew-seconds", "2", "on PostgreSQL: how often a node renews its lease and looks for dead nodes; at most a third of node-lease-seconds"),
            new Option("log-format", "text", "log lines on standard error: text, or json (one object per line, for log collectors)"));

    record Option(String name, String defaultValue, String help) {
        String envName() {
            return "VOICEGATHER_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        /** An on/off option (default false), which may be given alone: {@code --demo} is {@code --demo true}. */
        boolean isSwitch() {
            return defaultValue.equals("false");
        }
    }

    private ConfigLoader() {
    }

    public static ServerConfig load(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Option o : OPTIONS) {
            values.put(o.name(), env.getOrDefault(o.envName(), o.defaultValue()));
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options start with --; see --help)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (isSwitch(name) && (i + 1 >= args.length || !isBoolean(args[i + 1]))) {
                value = "true";
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
            values.put(name, value);
        }
        return build(values);
    }

    private static boolean isSwitch(String name) {
        return OPTIONS.stream().anyMatch(o -> o.name().equals(name) && o.isSwitch());
    }

    private static boolean isBoolean(String arg) {
        return arg.equalsIgnoreCase("true") || arg.equalsIgnoreCase("false");
    }

    public static String help() {
        StringBuilder b = new StringBuilder("usage: java -jar voicegather.jar [--option value ...]\n\n");
        for (Option o : OPTIONS) {
            b.append(String.format("  --%-24s %s (default '%s', env %s)%n", o.name(), o.help(), o.defaultValue(), o.envName()));
        }
        return b.toString();
    }

    private static ServerConfig build(Map<String, String> v) {
        String sipHost = v.get("sip-host");
        String advertised = v.get("advertised-host");
        if (advertised.isBlank()) {
            advertised = sipHost.equals("0.0.0.0") ? "127.0.0.1" : sipHost;
        }
        int[] rtp = range("rtp-ports", v.get("rtp-ports"));
        return new ServerConfig(
                v.get("http-host"),
                port("http-port", v.get("http-port")),
                sipHost,
                port("sip-port", v.get("sip-port")),
                advertised,
                rtp[0],
                rtp[1],
                Duration.ofSeconds(positive("rtp-timeout-seconds", v.get("rtp-timeout-seconds"))),
                Duration.ofSeconds(positive("answer-timeout-seconds", v.get("answer-timeout-seconds"))),
                Path.of(v.get("data-dir")),
                new DatabaseSettings(emptyToNull(v.get("database-url")), emptyToNull(v.get("database-user")),
                        emptyToNull(v.get("database-password"))),
                emptyToNull(v.get("webhook-url")),
                emptyToNull(v.get("webhook-failover-url")),
                Duration.ofMillis(positive("webhook-timeout-millis", v.get("webhook-timeout-millis"))),
                Duration.ofSeconds(positive("webhook-give-up-after-seconds", v.get("webhook-give-up-after-seconds"))),
                list(v.get("api-key")),
                new TtsSettings(url("tts-url", v.get("tts-url")), emptyToNull(v.get("tts-api-key")), v.get("tts-model"),
                        v.get("tts-voice"), v.get("tts-male-voice"), v.get("tts-female-voice")),
                v.get("connection-id"),
                ai(v),
                megabytes("tts-cache-max-mb", v.get("tts-cache-max-mb")),
                megabytes("audio-cache-max-mb", v.get("audio-cache-max-mb")),
                Duration.ofMillis(positive("command-wait-millis", v.get("command-wait-millis"))),
                sipAdmission(v),
                LogFormat.parse(v.get("log-format")),
                Duration.ofSeconds(positive("drain-timeout-seconds", v.get("drain-timeout-seconds"))),
                cluster(v),
                count("webhook-max-uncommitted", v.get("webhook-max-uncommitted")),
                bool("audio-url-block-private", v.get("audio-url-block-private")),
                demo(v),
                port("dev-phone-port", v.get("dev-phone-port")));
    }

    /**
     * The demo application takes the webhooks itself; a --webhook-url beside it would be silently unused, or would
     * send the user's application the demo's calls, so the two are refused together.
     */
    private static boolean demo(Map<String, String> v) {
        boolean demo = bool("demo", v.get("demo"));
        for (String url : List.of("webhook-url", "webhook-failover-url")) {
            if (demo && emptyToNull(v.get(url)) != null) {
                throw new IllegalArgumentException("--demo sends webhooks to the built-in example IVR, so --" + url
                        + " must be left unset (it is '" + v.get(url) + "'); drop --demo to use your application");
            }
        }
        return demo;
    }

    private static ClusterSettings cluster(Map<String, String> v) {
        int nodeId;
        try {
            nodeId = Integer.parseInt(v.get("node-id").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--node-id must be a number 0-" + ClusterSettings.MAX_NODE_ID
                    + ", not '" + v.get("node-id") + "'");
        }
        NodeLeaseSettings lease = new NodeLeaseSettings(
                Duration.ofSeconds(positive("node-lease-renew-seconds", v.get("node-lease-renew-seconds"))),
                Duration.ofSeconds(positive("node-lease-seconds", v.get("node-lease-seconds"))));
        return new ClusterSettings(nodeId, ClusterSettings.parsePeers(v.get("cluster-nodes")), lease);
    }

    private static SipAdmissionSettings sipAdmission(Map<String, String> v) {
        SipAllowList allow;
        try {
            allow = SipAllowList.parse(v.get("sip-allow"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sip-allow: " + e.getMessage());
        }
        return new SipAdmissionSettings(allow,
                count("sip-invites-per-second", v.get("sip-invites-per-second")),
                count("sip-invite-burst", v.get("sip-invite-burst")),
                count("sip-max-unanswered-calls", v.get("sip-max-unanswered-calls")),
                count("sip-tcp-max-connections", v.get("sip-tcp-max-connections")),
                count("sip-tcp-max-connections-per-source", v.get("sip-tcp-max-connections-per-source")),
                Duration.ofSeconds(positive("sip-tcp-idle-timeout-seconds", v.get("sip-tcp-idle-timeout-seconds"))));
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false, not '" + value + "'");
        };
    }

    /** A positive whole number that fits an int. */
    private static int count(String name, String value) {
        long n = positive(name, value);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + name + " must be at most " + Integer.MAX_VALUE + ", not '"
                    + value + "'");
        }
        return (int) n;
    }

    private static AiSettings ai(Map<String, String> v) {
        String vosk = emptyToNull(v.get("vosk-model"));
        String assistants = emptyToNull(v.get("assistants-file"));
        return new AiSettings(
                url("stt-url", v.get("stt-url")),
                emptyToNull(v.get("stt-api-key")),
                required("stt-model", v.get("stt-model")),
                Duration.ofMillis(positive("stt-timeout-millis", v.get("stt-timeout-millis"))),
                vosk == null ? null : Path.of(vosk),
                url("llm-url", v.get("llm-url")),
                emptyToNull(v.get("llm-api-key")),
                required("llm-model", v.get("llm-model")),
                Duration.ofMillis(positive("llm-timeout-millis", v.get("llm-timeout-millis"))),
                assistants == null ? null : Path.of(assistants));
    }

    private static String required(String name, String value) {
        String v = emptyToNull(value);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " must not be empty");
        }
        return v;
    }

    private static int port(String name, String value) {
        long p = number(name, value);
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("--" + name + " must be a port number 0-65535, not '" + value + "'");
        }
        return (int) p;
    }

    private static long positive(String name, String value) {
        long n = number(name, value);
        if (n <= 0) {
            throw new IllegalArgumentException("--" + name + " must be positive, not '" + value + "'");
        }
        return n;
    }

    /** A size in MiB (0 allowed), returned in bytes. */
    private static long megabytes(String name, String value) {
        long n = number(name, value);
        if (n < 0 || n > Long.MAX_VALUE >> 20) {
            throw new IllegalArgumentException("--" + name + " must be a size in MiB, 0 or more, not '" + value + "'");
        }
        return n << 20;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
        }
    }

    private static int[] range(String name, String value) {
        String[] parts = value.split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--" + name + " must look like 20000-29999, not '" + value + "'");
        }
        int min = port(name, parts[0]);
        int max = port(name, parts[1]);
        if (min > max || max - min < 3) {
            throw new IllegalArgumentException("--" + name + " must span at least 4 ports, low to high: '" + value + "'");
        }
        return new int[]{min, max};
    }

    private static String url(String name, String value) {
        String url = emptyToNull(value);
        if (url != null && !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("--" + name + " must be an http:// or https:// URL, not '" + value + "'");
        }
        return url;
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return List.copyOf(out);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
