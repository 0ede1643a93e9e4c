package io.voicegather.api.demo;

import java.io.IOException;
import java.net.URI;

/**
 * An application the server runs beside itself when started with {@code --demo}, so that a first call does
 * something before the user has written an application. The server finds it with {@link java.util.ServiceLoader}
 * (it lives in another module, which the server does not compile against) and talks to it only as any application
 * would: webhooks to its URL, commands on the REST API.
 *
 * <p>Two steps, because each side needs the other's address: {@link #listen()} before the server starts (its URL
 * becomes the webhook URL), {@link #serve} once the server's API port and keys are known.
 */
public interface DemoApplication extends AutoCloseable {

    /** A few words for the start banner, e.g. "example IVR (press 1 or 2)". */
    String describe();

    /**
     * Starts taking webhooks on a loopback address and a free port; until {@link #serve} it answers them with a
     * retryable status. Returns the URL the server should send webhooks to.
     */
    URI listen() throws IOException;

    /**
     * From now on, verify webhooks with webhookPublicKey (standard Base64 of the raw Ed25519 key) and send commands
     * to apiBase (e.g. {@code http://127.0.0.1:8080/v2}) with apiKey.
     */
    void serve(URI apiBase, String apiKey, String webhookPublicKey);

    /** Stops taking webhooks. */
    @Override
    void close();
}
