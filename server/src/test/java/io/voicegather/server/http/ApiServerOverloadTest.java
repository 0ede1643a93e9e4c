package io.voicegather.server.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ApiServerOverloadTest {
    @Test
    void saturatedServerAnswers429AtOnceInsteadOfHanging() throws Exception {
        try (TestApi api = new TestApi(new ApiServerLimits(1, 1, 1 << 20))) {
            CountDownLatch release = new CountDownLatch(1);
            api.calls.blockUntil = release;
            CompletableFuture<HttpResponse<String>> first = sendAsync(api);
            assertThat(api.calls.entered.await(20, TimeUnit.SECONDS)).isTrue();

            // The one worker is busy: one more request fits in the queue, the other three must be shed.
            List<CompletableFuture<HttpResponse<String>>> more = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                more.add(sendAsync(api));
            }
            List<HttpResponse<String>> shed = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (shed.size() < 3 && System.nanoTime() < deadline) {
                shed.clear();
                for (var f : more) {
                    if (f.isDone()) {
                        shed.add(f.join());
                    }
                }
                Thread.sleep(20);
            }
            assertThat(first).isNotDone(); // all of that happened while the worker was still blocked
            assertThat(shed).hasSize(3);
            for (HttpResponse<String> r : shed) {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
                assertThat(r.body()).contains("\"10011\"").contains("Too many requests");
            }

            release.countDown();
            assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            long ok = more.stream().map(f -> f.join().statusCode()).filter(s -> s == 200).count();
            assertThat(ok).isEqualTo(1);
            assertThat(api.calls.received).hasSize(2);
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(TestApi api) {
        HttpRequest req = HttpRequest.newBuilder(api.uri("/v2/calls/abc/actions/hangup"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestApi.KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return api.client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }
}
