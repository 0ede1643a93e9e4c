package io.voicegather.server.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry and failover policy as pure state transitions: exact, no clocks or sleeps involved. */
class RetryPolicyTest {
    private static final WebhookConfig DEFAULTS = WebhookConfig.defaults();
    /** The quick attempts only: give up as soon as they are spent. */
    private static final WebhookConfig QUICK_ONLY = DEFAULTS.withPatience(Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ZERO);

    @Test
    void defaultsMatchTheDocumentedPolicy() {
        assertThat(DEFAULTS.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DEFAULTS.attemptsPerUrl()).isEqualTo(3);
        assertThat(DEFAULTS.backoff()).containsExactly(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(DEFAULTS.deliveredRetention()).isEqualTo(Duration.ofHours(1));
        assertThat(DEFAULTS.patientFirstDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DEFAULTS.patientMaxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DEFAULTS.giveUpAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void threeAttemptsAtThePrimaryThenThreeAtTheFailoverThenGiveUp() {
        OutboxEntry e = entry("http://127.0.0.1:9/f");
        long now = 1_000_000;
        List<Long> delays = new java.util.ArrayList<>();
        List<String> urls = new java.util.ArrayList<>();
        urls.add(e.currentUrl());
        while (true) {
            OutboxEntry next = e.afterFailure(now, QUICK_ONLY);
            if (next == null) {
                break;
            }
            delays.add(next.nextAttemptAt() - now);
            urls.add(next.currentUrl());
            assertThat(next.attempts()).isEqualTo(e.attempts() + 1);
            e = next;
        }
        assertThat(urls).containsExactly("http://127.0.0.1:9/p", "http://127.0.0.1:9/p", "http://127.0.0.1:9/p",
                "http://127.0.0.1:9/f", "http://127.0.0.1:9/f", "http://127.0.0.1:9/f");
        assertThat(delays).containsExactly(1_000L, 2_000L, 0L, 1_000L, 2_000L);
        assertThat(e.attempts()).isEqualTo(5); // the sixth attempt is the last: afterFailure returned null
    }

    @Test
    void withoutFailoverItGivesUpAfterThePrimary() {
        OutboxEntry e = entry(null);
        e = e.afterFailure(0, QUICK_ONLY);
        e = e.afterFailure(0, QUICK_ONLY);
        assertThat(e.afterFailure(0, QUICK_ONLY)).isNull();
    }

    @Test
    void afterTheQuickAttemptsItKeepsTryingPatientlyAlternatingUrlsUntilTheEventIsAnHourOld() {
        OutboxEntry e = entry("http://127.0.0.1:9/f");
        long now = 0;
        for (int i = 0; i < 5; i++) {
            e = e.afterFailure(now, DEFAULTS); // the quick attempts: p p p f f (f is the sixth)
        }
        List<Long> delays = new java.util.ArrayList<>();
        List<String> urls = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            OutboxEntry next = e.afterFailure(now, DEFAULTS);
            assertThat(next).as("patient attempt %d", i).isNotNull();
            delays.add(next.nextAttemptAt() - now);
            urls.add(next.currentUrl().substring(next.currentUrl().length() - 1));
            now = next.nextAttemptAt();
            e = next;
        }
        assertThat(delays).containsExactly(5_000L, 10_000L, 20_000L, 40_000L, 60_000L, 60_000L, 60_000L, 60_000L);
        assertThat(urls).containsExactly("p", "f", "p", "f", "p", "f", "p", "f");
        assertThat(e.afterFailure(3_599_999, DEFAULTS)).isNotNull();
        assertThat(e.afterFailure(3_600_000, DEFAULTS)).as("one hour after it was recorded").isNull();
    }

    @Test
    void withoutFailoverThePatientPhaseStaysOnThePrimary() {
        OutboxEntry e = entry(null);
        for (int i = 0; i < 10; i++) {
            e = e.afterFailure(1_000, DEFAULTS);
            assertThat(e.currentUrl()).isEqualTo("http://127.0.0.1:9/p");
        }
        assertThat(e.attempts()).isEqualTo(10);
    }

    @Test
    void theLastBackoffRepeats() {
        WebhookConfig config = DEFAULTS.withRetries(5, List.of(Duration.ZERO, Duration.ofMillis(300)));
        assertThat(config.delayBefore(0)).isZero();
        assertThat(config.delayBefore(1)).hasMillis(300);
        assertThat(config.delayBefore(4)).hasMillis(300);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> DEFAULTS.withRetries(0, List.of(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withRetries(3, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withRequestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withPool(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static OutboxEntry entry(String failover) {
        return new OutboxEntry(1, "id", "key", "{}", "http://127.0.0.1:9/p", "POST", failover, 0, 0, false, 0, 0);
    }
}
