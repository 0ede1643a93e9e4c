package io.voicegather.server.webhook;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks to an https target: a real TLS server with a certificate made by the JDK's keytool. */
class JdkHttpTransportTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private HttpsServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.stop(0);
        }
        timer.shutdownNow();
    }

    @Test
    void anHttpsTargetGetsTheSignedRequestAndItsStatusAndBodyAreHeardInOrder(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String keytoolOutput = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(keytoolOutput).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(ks, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keys.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(ks);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);

        List<String> received = new CopyOnWriteArrayList<>();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Signature") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "secure ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();

        JdkHttpTransport transport = new JdkHttpTransport(Duration.ofSeconds(5), timer, clientTls);
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        transport.send(new WebhookRequest("POST", URI.create("https://127.0.0.1:" + server.getAddress().getPort()
                        + "/hook?x=1"), List.of("Content-Type", "application/json", "X-Signature", "sig"),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5)), new WebhookTransport.Listener() {
            @Override
            public void status(int code) {
                heard.add("status " + code);
            }

            @Override
            public void failed(Throwable error) {
                heard.add("failed " + error);
            }

            @Override
            public void answered(String excerpt) {
                heard.add("answered " + excerpt);
            }
        });
        assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo("status 202");
        assertThat(heard.poll(20, TimeUnit.SECONDS)).isEqualTo("answered secure ok");
        assertThat(received).containsExactly("POST /hook?x=1 sig {\"a\":1}");
    }
}
