package io.voicegather.server.demo;

import io.voicegather.api.demo.DemoApplication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ServiceLoader;

/**
 * {@code --demo}: the demo application found on the class path (the example IVR, in the runnable jar), started
 * before the server so that its webhook URL can be the server's, and connected to the API once that is up. The
 * server does not compile against it: the examples module depends on the client, not the other way round.
 */
public final class Demo implements AutoCloseable {
    private final DemoApplication app;
    private final URI webhookUrl;

    private Demo(DemoApplication app, URI webhookUrl) {
        this.app = app;
        this.webhookUrl = webhookUrl;
    }

    /** Finds the demo application and has it listen; fails with {@link DemoMissingException} when there is none. */
    public static Demo start() throws IOException {
        DemoApplication app = ServiceLoader.load(DemoApplication.class).findFirst()
                .orElseThrow(() -> new DemoMissingException("--demo: no demo application on the class path; it is"
                        + " in the runnable jar built from the project root (mvn -DskipTests package, then"
                        + " java -jar server/target/voicegather.jar --demo)"));
        try {
            return new Demo(app, app.listen());
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    public URI webhookUrl() {
        return webhookUrl;
    }

    public String describe() {
        return app.describe();
    }

    /**
     * Points the demo at the running API. It is reached on loopback when the API listens on every address, as the
     * demo runs on this machine.
     */
    public void serve(String httpHost, int httpPort, String apiKey, String webhookPublicKey)
            throws UnknownHostException {
        InetAddress address = InetAddress.getByName(httpHost);
        if (address.isAnyLocalAddress()) {
            address = InetAddress.getLoopbackAddress();
        }
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
                : address.getHostAddress();
        app.serve(URI.create("http://" + host + ":" + httpPort + "/v2"), apiKey, webhookPublicKey);
    }

    @Override
    public void close() {
        app.close();
    }
}
