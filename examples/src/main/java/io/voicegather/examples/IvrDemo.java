package io.voicegather.examples;

import io.voicegather.api.demo.DemoApplication;
import io.voicegather.client.VoicegatherClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * The {@link IvrApplication} as the server's {@code --demo}: found by the server through
 * {@code META-INF/services}, it listens on loopback and uses the server's own API key and webhook key.
 */
public final class IvrDemo implements DemoApplication {
    private IvrApplication ivr;
    private VoicegatherClient client;

    @Override
    public String describe() {
        return "the example IVR: it answers, speaks a menu and gathers keys (1: account number and #, 2: hang up)";
    }

    @Override
    public synchronized URI listen() throws IOException {
        ivr = new IvrApplication(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + ivr.port()
                + "/webhooks");
    }

    @Override
    public synchronized void serve(URI apiBase, String apiKey, String webhookPublicKey) {
        if (ivr == null) {
            throw new IllegalStateException("serve before listen");
        }
        client = VoicegatherClient.builder().baseUrl(apiBase.toString()).apiKey(apiKey).publicKey(webhookPublicKey)
                .build();
        ivr.serve(client);
    }

    @Override
    public synchronized void close() {
        if (ivr != null) {
            ivr.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
