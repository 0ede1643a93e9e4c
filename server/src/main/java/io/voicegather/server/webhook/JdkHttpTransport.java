package io.voicegather.server.webhook;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Sends webhooks to {@code https} targets with the JDK's HttpClient (HTTP/1.1, connections kept alive and reused).
 * Plain {@code http} targets take {@link PlainHttpTransport}, which costs a fraction of the CPU per request
 * (docs/BENCHMARKS.md); TLS stays with the JDK.
 * <p>
 * Threads: the client's own steps run on its selector thread; the JDK completes each response on the common pool
 * whatever executor is set ({@link io.voicegather.server.JvmDefaults} makes that pool shared), where the listener
 * is told. The body is drained in the background ({@link ResponseDrain}) with a deadline on {@code timer}.
 */
final class JdkHttpTransport implements WebhookTransport {
    private final HttpClient http;
    private final ScheduledExecutorService timer;

    JdkHttpTransport(Duration connectTimeout, ScheduledExecutorService timer) {
        this(connectTimeout, timer, defaultTls());
    }

    /** With the TLS context that decides whom to trust (tests trust their own certificate). */
    JdkHttpTransport(Duration connectTimeout, ScheduledExecutorService timer, SSLContext tls) {
        this.timer = timer;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a 3xx is a failed delivery
                // a hop to a pool per step of the client cost more CPU than the step: none of them blocks
                .executor(Runnable::run)
                .build();
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context", e);
        }
    }

    /** Throws IllegalArgumentException for a URI the JDK refuses (the caller counts it a failed attempt). */
    @Override
    public void send(WebhookRequest request, Listener listener) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(request.timeout());
        if ("GET".equals(request.method())) {
            b.GET();
        } else {
            b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        for (int i = 0; i < request.headers().size(); i += 2) {
            b.header(request.headers().get(i), request.headers().get(i + 1));
        }
        long drainMillis = request.timeout().toMillis();
        // The status line decides; the body is drained in the background with a cap and a deadline.
        http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofPublisher())
                .whenComplete((response, error) -> {
                    if (response == null) {
                        listener.failed(error);
                        return;
                    }
                    listener.status(response.statusCode());
                    response.body().subscribe(new ResponseDrain(timer, drainMillis, listener::answered));
                });
    }
}
