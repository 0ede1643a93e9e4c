package io.voicegather.server.e2e.durability;

import io.voicegather.server.e2e.peers.ApiClient;
import io.voicegather.server.e2e.peers.FreePorts;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Free loopback ports for a {@link ServerProcess} and its webhook endpoint, kept for the whole test so that a
 * restarted server listens where the first one did.
 *
 * @param http    the REST API
 * @param sip     SIP (UDP)
 * @param hook    the webhook endpoint the server posts to
 * @param rtpBase  the first RTP port
 * @param rtpCount how many RTP ports from rtpBase on (two per call: RTP and RTCP)
 */
record ServerPorts(int http, int sip, int hook, int rtpBase, int rtpCount) {
    /** Ports for a server that holds up to 4 calls at once. */
    static ServerPorts free() {
        return free(8);
    }

    /** Ports with rtpCount RTP ports (an even number): rtpCount / 2 calls at once. */
    static ServerPorts free(int rtpCount) {
        return new ServerPorts(FreePorts.udpAndTcp(), FreePorts.udpAndTcp(), FreePorts.udpAndTcp(),
                FreePorts.block(rtpCount), rtpCount);
    }

    /** The server's flags on these ports, data folder and API key, then {@code more}. */
    List<String> flags(Path dataDir, String apiKey, String... more) {
        List<String> flags = new ArrayList<>(List.of("--http-host", "127.0.0.1", "--http-port", Integer.toString(http),
                "--sip-host", "127.0.0.1", "--sip-port", Integer.toString(sip),
                "--rtp-ports", rtpBase + "-" + (rtpBase + rtpCount - 1), "--data-dir", dataDir.toString(),
                "--api-key", apiKey, "--webhook-url", "http://127.0.0.1:" + hook + "/hooks"));
        flags.addAll(List.of(more));
        return flags;
    }

    /** A REST client of the server on these ports. */
    ApiClient api(String apiKey) {
        return new ApiClient(URI.create("http://127.0.0.1:" + http), apiKey);
    }
}
