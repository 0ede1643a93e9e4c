package io.voicegather.server.webhook;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The webhook HTTP client against real sockets: the JDK's HTTP server and scripted raw servers. */
class PlainHttpTransportTest {
    private final PlainHttpTransport transport = new PlainHttpTransport();
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        transport.close();
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    /** What the listener heard, in order: "status 200", "failed X", "answered Y". */
    private static final class Heard implements WebhookTransport.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile Throwable error;

        @Override
        public void status(int code) {
            events.add("status " + code);
        }

        @Override
        public void failed(Throwable e) {
            error = e;
            events.add("failed " + e.getClass().getSimpleName());
        }

        @Override
        public void answered(String excerpt) {
            events.add("answered " + excerpt);
        }

        String next() throws InterruptedException {
            String e = events.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("a listener call within 20 s").isNotNull();
            return e;
        }
    }

    private static WebhookRequest post(String url, String body, Duration timeout) {
        return new WebhookRequest("POST", URI.create(url), List.of("Content-Type", "application/json",
                "X-Test", "1"), body.getBytes(StandardCharsets.UTF_8), timeout);
    }

    private Heard send(WebhookRequest request) {
        Heard heard = new Heard();
        transport.send(request, heard);
        return heard;
    }

    @Test
    void sequentialRequestsToOneTargetShareOneKeptAliveConnection() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> remotes = new CopyOnWriteArrayList<>();
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!remotes.contains(exchange.getRemoteAddress().toString())) {
                remotes.add(exchange.getRemoteAddress().toString());
                connections.incrementAndGet();
            }
            byte[] answer = "thanks".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        servers.add(() -> server.stop(0));
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        for (int i = 0; i < 5; i++) {
            Heard heard = send(post(url, "{\"n\":" + i + "}", Duration.ofSeconds(5)));
            assertThat(heard.next()).isEqualTo("status 200");
            assertThat(heard.next()).isEqualTo("answered thanks");
        }
        assertThat(bodies).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        assertThat(connections.get()).isEqualTo(1);
        assertThat(transport.idleConnections()).isEqualTo(1);
    }

    @Test
    void theRequestOnTheWireHasItsLineHostHeadersLengthAndBody() throws Exception {
        RawServer server = answering("HTTP/1.1 204 No Content\r\n\r\n");
        Heard heard = send(post("http://127.0.0.1:" + server.port() + "/a/b%20c?x=1&y=2", "{\"é\":1}",
                Duration.ofSeconds(5)));
        assertThat(heard.next()).isEqualTo("status 204");
        assertThat(heard.next()).isEqualTo("answered ");
        assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isEqualTo("POST /a/b%20c?x=1&y=2 HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + server.port() + "\r\n"
                + "Content-Type: application/json\r\nX-Test: 1\r\nContent-Length: 8\r\n\r\n{\"é\":1}");

        WebhookRequest get = new WebhookRequest("GET", URI.create("http://localhost:" + server.port()
                + "?webhook=%7B%7D"), List.of("User-Agent", "t"), new byte[0], Duration.ofSeconds(5));
        Heard second = send(get);
        assertThat(second.next()).isEqualTo("status 204");
        assertThat(server.requests.poll(5, TimeUnit.SECONDS)).isEqualTo("GET /?webhook=%7B%7D HTTP/1.1\r\n"
                + "Host: localhost:" + server.port() + "\r\nUser-Agent: t\r\n\r\n");
    }

    @Test
    void aKeptConnectionTheApplicationClosedIsReplacedWithinTheSameAttempt() throws Exception {
        // The first connection answers one request with keep-alive, reads the next one, and closes without a
        // word (as an application closing an idle connection just as a request arrives); the second answers.
        RawServer server = raw(socket -> {
            boolean first = socket.getPort() == firstClientPort.get() || firstClientPort.compareAndSet(0,
                    socket.getPort());
            String request = readRequest(socket.getInputStream());
            answer(socket, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            if (first) {
                return request + " | " + readRequest(socket.getInputStream()); // then closes, unanswered
            }
            return request;
        });
        String url = "http://127.0.0.1:" + server.port() + "/";
        Heard first = send(post(url, "1", Duration.ofSeconds(5)));
        assertThat(first.next()).isEqualTo("status 200");
        assertThat(first.next()).isEqualTo("answered ok");
        Heard second = send(post(url, "2", Duration.ofSeconds(5)));
        assertThat(second.next()).isEqualTo("status 200");
        assertThat(second.next()).isEqualTo("answered ok");
        assertThat(server.accepted.get()).isEqualTo(2);
        List<String> seen = List.of(server.requests.poll(5, TimeUnit.SECONDS), server.requests.poll(5,
                TimeUnit.SECONDS));
        // the first connection saw request 1, then request 2 that it never answered; the second saw request 2
        assertThat(seen).anySatisfy(r -> assertThat(r).contains("\r\n\r\n1 | POST").endsWith("\r\n\r\n2"));
        assertThat(seen).anySatisfy(r -> assertThat(r).doesNotContain(" | ").endsWith("\r\n\r\n2"));
    }

    private final AtomicInteger firstClientPort = new AtomicInteger();

    @Test
    void anIdleConnectionTheApplicationClosesIsDropped() throws Exception {
        RawServer server = answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        Heard heard = send(post("http://127.0.0.1:" + server.port() + "/", "x", Duration.ofSeconds(5)));
        assertThat(heard.next()).isEqualTo("status 200");
        assertThat(heard.next()).isEqualTo("answered ");
        await().atMost(Duration.ofSeconds(10)).until(() -> transport.idleConnections() == 0);
    }

    @Test
    void noStatusWithinTheTimeoutFailsTheAttemptWithATimeout() throws Exception {
        RawServer server = raw(socket -> {
            String request = readRequest(socket.getInputStream());
            Thread.sleep(30_000); // never answers
            return request;
        });
        long start = System.nanoTime();
        Heard heard = send(post("http://127.0.0.1:" + server.port() + "/", "x", Duration.ofMillis(300)));
        assertThat(heard.next()).isEqualTo("failed HttpTimeoutException");
        assertThat(heard.error).isInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(heard.events.poll(500, TimeUnit.MILLISECONDS)).as("nothing after the failure").isNull();
    }

    @Test
    void aBodyThatNeverEndsIsCutAfterTheStatusCounted() throws Exception {
        RawServer server = raw(socket -> {
            String request = readRequest(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\nstart".getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(30_000); // the rest never comes
            return request;
        });
        Heard heard = send(post("http://127.0.0.1:" + server.port() + "/", "x", Duration.ofMillis(500)));
        assertThat(heard.next()).isEqualTo("status 200");
        assertThat(heard.next()).isEqualTo("answered start");
        assertThat(transport.idleConnections()).isZero();
    }

    @Test
    void aRefusedConnectionFailsTheAttempt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Heard heard = send(post("http://127.0.0.1:" + port + "/", "x", Duration.ofSeconds(5)));
        assertThat(heard.next()).isEqualTo("failed ConnectException");
        assertThat(heard.error).isInstanceOf(ConnectException.class);
    }

    @Test
    void aMalformedResponseFailsTheAttemptAndIsNotSentAgain() throws Exception {
        RawServer server = answering("HTTP/1.1 2x0 OK\r\n\r\n");
        Heard heard = send(post("http://127.0.0.1:" + server.port() + "/", "x", Duration.ofSeconds(5)));
        assertThat(heard.next()).isEqualTo("failed ProtocolException");
        assertThat(server.accepted.get()).isEqualTo(1);
    }

    @Test
    void aUrlWithoutHostIsRefusedAtOnceAndSendingAfterCloseIsRefused() {
        WebhookRequest noHost = post("http:///path", "x", Duration.ofSeconds(1));
        assertThatThrownBy(() -> transport.send(noHost, new Heard()))
                .isInstanceOf(IllegalArgumentException.class);
        transport.close();
        assertThatThrownBy(() -> transport.send(
                post("http://127.0.0.1:9/", "x", Duration.ofSeconds(1)), new Heard()))
                .isInstanceOf(IllegalStateException.class);
    }

    // --- a raw server: accepts connections and runs a script on each, one request per connection

    interface Script {
        String run(Socket socket) throws Exception;
    }

    private record RawServer(ServerSocket socket, BlockingQueue<String> requests, AtomicInteger accepted)
            implements AutoCloseable {
        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private RawServer raw(Script script) throws IOException {
        ServerSocket listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        RawServer server = new RawServer(listener, new LinkedBlockingQueue<>(), new AtomicInteger());
        servers.add(server);
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    server.accepted().incrementAndGet();
                    CompletableFuture.runAsync(() -> {
                        try (s) {
                            server.requests().add(script.run(s));
                        } catch (Exception e) {
                            // the test ended, or the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        }, "raw-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    /** A raw server that reads one request per connection, answers it with {@code response}, and closes. */
    private RawServer answering(String response) throws IOException {
        return raw(socket -> {
            String request = readRequest(socket.getInputStream());
            answer(socket, response);
            return request;
        });
    }

    /** Reads one request: the head up to the blank line, then Content-Length bytes of body. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed in the head");
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return text + new String(body, StandardCharsets.UTF_8);
    }

    private static void answer(Socket socket, String response) throws IOException {
        socket.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }
}
