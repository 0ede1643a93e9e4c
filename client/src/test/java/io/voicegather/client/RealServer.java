package io.voicegather.client;

import io.voicegather.server.VoicegatherServer;
import io.voicegather.server.config.ConfigLoader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real server, started in-process on loopback with ephemeral ports. */
final class RealServer {
    static final String API_KEY = "k";

    private RealServer() {
    }

    static VoicegatherServer start(Path dataDir, String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", "0",
                "--sip-host", "127.0.0.1", "--sip-port", "0", "--rtp-ports", "41000-41999",
                "--data-dir", dataDir.toString(), "--api-key", API_KEY));
        args.addAll(List.of(extraArgs));
        return VoicegatherServer.start(ConfigLoader.load(args.toArray(String[]::new), Map.of()));
    }

    static VoicegatherClient client(VoicegatherServer server) {
        return VoicegatherClient.builder()
                .apiKey(API_KEY)
                .baseUrl("http://127.0.0.1:" + server.httpPort() + "/v2")
                .publicKey(server.webhookPublicKey())
                .maxRetries(0)
                .build();
    }
}
