package io.voicegather.server.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their request a byte at a time (slow loris) on every worker of the API: the JDK server reads
 * requests on its workers, so without a limit they would hold them for good. With sun.net.httpserver.maxReqTime
 * (JvmDefaults: 60 s; 10 s in the test JVMs) their connections are closed; meanwhile a real request is refused at
 * once (429, the queue is full) and served once they are gone.
 */
class SlowClientHttpTest {
    private static final int WORKERS = 2;

    @Test
    void clientsTricklingTheirHeadersAreCutOffAndTheApiAnswersAgain() throws Exception {
        long limitMillis = Long.getLong("sun.net.httpserver.maxReqTime", -1) * 1000;
        assertThat(limitMillis).as("the test JVM sets the limit (root pom)").isPositive();
        try (TestApi api = new TestApi(new ApiServerLimits(WORKERS, 1, 1 << 20))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < WORKERS + 1; i++) { // every worker and the one queue place
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), api.server.port());
                    s.getOutputStream().write("POST /v2/calls/x/actions/hangup HTTP/1.1\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    slow.add(s);
                }
                long start = System.nanoTime();
                Thread trickler = trickle(slow);
                Thread.sleep(limitMillis / 2); // a real application comes while they hold every worker and queue place
                List<Integer> answers = new ArrayList<>();
                int status = 0;
                while (status != 200 && System.nanoTime() - start < (limitMillis + 20_000) * 1_000_000) {
                    status = api.post("/v2/calls/v3%3Aabc/actions/hangup", "{}").status();
                    answers.add(status);
                    if (status != 200) {
                        Thread.sleep(500); // as Retry-After asks, roughly
                    }
                }
                long answeredMillis = (System.nanoTime() - start) / 1_000_000;
                trickler.interrupt();
                assertThat(status).as("answers meanwhile: " + answers).isEqualTo(200);
                assertThat(answers.subList(0, answers.size() - 1)).as("refused clearly until then").containsOnly(429);
                assertThat(answeredMillis).as("served once the slow requests ran out of time")
                        .isGreaterThanOrEqualTo(limitMillis - 1_000);
                for (Socket s : slow) {
                    assertThat(closedByServer(s)).as("the slow connection was closed").isTrue();
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    /** A header byte every 500 ms on each connection, never the end of the headers. */
    private static Thread trickle(List<Socket> sockets) {
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    for (Socket s : sockets) {
                        try {
                            s.getOutputStream().write('X');
                        } catch (IOException closed) {
                            // the server gave up on it
                        }
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException done) {
                // stop
            }
        }, "slow-loris");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static boolean closedByServer(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        InputStream in = s.getInputStream();
        try {
            return in.read() == -1;
        } catch (IOException reset) {
            return true;
        }
    }
}
