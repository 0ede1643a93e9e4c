package io.voicegather.server;

import io.voicegather.server.config.ConfigLoader;
import io.voicegather.server.config.ServerConfig;
import io.voicegather.server.demo.DemoMissingException;
import io.voicegather.server.store.StoreException;

import java.util.Arrays;

/** Starts the server from flags and environment, prints what an application needs, runs until stopped. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        boolean sharedAsyncPool = JvmDefaults.apply();
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(ConfigLoader.help());
            return;
        }
        ServerConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("voicegather: " + e.getMessage());
            System.exit(2);
            return;
        }
        config.logFormat().apply();
        if (!sharedAsyncPool) {
            System.err.println("voicegather: warning: the common pool has a parallelism below 2; every outgoing"
                    + " HTTP response will start a thread (see " + JvmDefaults.class.getSimpleName() + ")");
        }
        VoicegatherServer server;
        try {
            server = VoicegatherServer.start(config);
        } catch (StoreException | DemoMissingException e) {
            System.err.println("voicegather: " + e.getMessage()); // e.g. PostgreSQL unreachable or refusing the login
            System.exit(1);
            return;
        }
        // SIGTERM (or Ctrl-C): drain first, so live calls finish, within --drain-timeout-seconds
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.drain();
            server.drained().join();
            server.close();
        }, "shutdown"));

        String host = config.httpHost().equals("0.0.0.0") ? "127.0.0.1" : config.httpHost();
        System.out.println("voicegather is running");
        System.out.println("  REST API      http://" + host + ":" + server.httpPort() + "/v2");
        System.out.println("  console       http://" + host + ":" + server.httpPort() + "/  (log in with the API key)");
        System.out.println("  dev phone     " + (server.devPhonePort() == 0 ? "off (--dev-phone-port)"
                : "http://" + host + ":" + server.httpPort() + "/phone  (calls in from the browser; WebSocket on port "
                + server.devPhonePort() + ")"));
        System.out.println("  SIP           udp+tcp " + config.sipHost() + ":" + server.sipPort()
                + " (advertised as " + config.advertisedHost() + ")");
        System.out.println("  SIP from      " + config.sipAdmission().allow()
                + (config.sipAdmission().allow().allowsEveryone() ? "  (set --sip-allow to your SIP peers)" : ""));
        System.out.println("  RTP ports     " + config.rtpPortMin() + "-" + config.rtpPortMax());
        System.out.println("  data folder   " + config.dataDir().toAbsolutePath().normalize());
        System.out.println("  storage       " + config.database().describe());
        System.out.println("  webhooks to   " + (server.webhookUrl() == null
                ? "(none: set --webhook-url, or try --demo)"
                : server.webhookUrl() + (config.demo() ? "  (--demo: the example IVR; call in to try it)" : "")));
        System.out.println("  API key       " + String.join(", ", server.apiKeys()));
        System.out.println("  public key    " + server.webhookPublicKey() + "  (Ed25519, verifies webhooks)");
        System.out.flush();
        server.drained().join(); // a drain asked by POST /admin/drain: stop once it is done
        System.exit(0); // runs the shutdown hook, which closes
    }
}
