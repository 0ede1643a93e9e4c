package io.voicegather.client;

import io.voicegather.client.core.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    private static final HttpHeaders NONE = HttpHeaders.of(Map.of(), (a, b) -> true);

    @Test
    void retryableStatuses() {
        for (int s : new int[]{408, 409, 429, 500, 502, 503, 504}) {
            assertThat(RetryPolicy.shouldRetry(s, NONE)).as("%d", s).isTrue();
        }
        for (int s : new int[]{200, 400, 401, 403, 404, 405, 413, 422}) {
            assertThat(RetryPolicy.shouldRetry(s, NONE)).as("%d", s).isFalse();
        }
    }

    @Test
    void backoffGrowsAndIsCapped() {
        for (int i = 0; i < 20; i++) {
            assertThat(RetryPolicy.delay(0, null, NOW)).isBetween(Duration.ofMillis(375), Duration.ofMillis(500));
            assertThat(RetryPolicy.delay(1, null, NOW)).isBetween(Duration.ofMillis(750), Duration.ofMillis(1000));
            assertThat(RetryPolicy.delay(30, null, NOW)).isBetween(Duration.ofMillis(6000), Duration.ofMillis(8000));
        }
    }

    @Test
    void serverHintsWin() {
        assertThat(RetryPolicy.delay(0, headers("retry-after", "3"), NOW)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryPolicy.delay(0, headers("retry-after-ms", "250"), NOW)).isEqualTo(Duration.ofMillis(250));
        String date = NOW.plusSeconds(5).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(RetryPolicy.delay(0, headers("retry-after", date), NOW)).isEqualTo(Duration.ofSeconds(5));
        // An absurd hint falls back to our own backoff.
        assertThat(RetryPolicy.delay(0, headers("retry-after", "3600"), NOW)).isLessThanOrEqualTo(Duration.ofMillis(500));
        assertThat(RetryPolicy.delay(0, headers("retry-after", "soon"), NOW)).isLessThanOrEqualTo(Duration.ofMillis(500));
    }
}
