package io.voicegather.server.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * answer's webhook_retries_policies as pure state transitions: the policy replaces the quick attempts at the
 * primary URL only; the failover URL's quick attempts and the patient phase are the server's.
 */
class PrimaryRetriesPolicyTest {
    private static final WebhookConfig DEFAULTS = WebhookConfig.defaults();
    private static final WebhookConfig QUICK_ONLY = DEFAULTS.withPatience(Duration.ofSeconds(5),
            Duration.ofSeconds(60), Duration.ZERO);

    @Test
    void thePolicyReplacesThePrimaryQuickAttemptsThenTheFailoverKeepsItsOwn() {
        OutboxEntry e = entry("http://127.0.0.1:9/f", List.of(1_000, 2_000, 5_000));
        List<Long> delays = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        urls.add(last(e));
        long now = 7_000;
        while (true) {
            OutboxEntry next = e.afterFailure(now, QUICK_ONLY);
            if (next == null) {
                break;
            }
            delays.add(next.nextAttemptAt() - now);
            urls.add(last(next));
            assertThat(next.primaryRetries()).isEqualTo(e.primaryRetries());
            e = next;
        }
        assertThat(urls).containsExactly("p", "p", "p", "p", "f", "f", "f");
        assertThat(delays).containsExactly(1_000L, 2_000L, 5_000L, 0L, 1_000L, 2_000L);
    }

    @Test
    void anEmptyPolicyMeansOneAttemptAtThePrimaryThenThePatientPhase() {
        OutboxEntry e = entry(null, List.of());
        assertThat(e.afterFailure(0, QUICK_ONLY)).as("no quick retry at all").isNull();
        OutboxEntry next = e.afterFailure(0, DEFAULTS);
        assertThat(next.nextAttemptAt()).as("first patient delay").isEqualTo(5_000);
        assertThat(last(next)).isEqualTo("p");
    }

    @Test
    void aLongerPolicyThanTheDefaultDelaysThePatientPhaseButNeverShortensIt() {
        OutboxEntry e = entry(null, List.of(0, 0, 0, 0, 60_000));
        List<Long> delays = new ArrayList<>();
        long now = 0;
        for (int i = 0; i < 7; i++) {
            OutboxEntry next = e.afterFailure(now, DEFAULTS);
            delays.add(next.nextAttemptAt() - now);
            now = next.nextAttemptAt();
            e = next;
        }
        assertThat(delays).containsExactly(0L, 0L, 0L, 0L, 60_000L, 5_000L, 10_000L);
        assertThat(e.afterFailure(3_600_000, DEFAULTS)).as("given up at the same age as ever").isNull();
    }

    @Test
    void theLimitsAreTelnyxs() {
        assertThat(new PrimaryRetries(List.of(60_000)).attempts()).isEqualTo(2);
        assertThat(new PrimaryRetries(List.of(12_000, 12_000, 12_000, 12_000, 12_000)).attempts()).isEqualTo(6);
        assertThatThrownBy(() -> new PrimaryRetries(List.of(1, 1, 1, 1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrimaryRetries(List.of(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PrimaryRetries(List.of(30_000, 30_001)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theColumnFormRoundTrips() {
        for (List<Integer> delays : List.of(List.<Integer>of(), List.of(0), List.of(1_000, 2_000, 5_000))) {
            PrimaryRetries p = new PrimaryRetries(delays);
            assertThat(PrimaryRetries.decode(p.encode())).isEqualTo(p);
        }
        assertThat(new PrimaryRetries(List.of(1_000, 2_000)).encode()).isEqualTo("[1000,2000]");
        assertThat(PrimaryRetries.decode(null)).isNull();
    }

    private static String last(OutboxEntry e) {
        return e.currentUrl().substring(e.currentUrl().length() - 1);
    }

    private static OutboxEntry entry(String failover, List<Integer> delays) {
        return new OutboxEntry(1, "id", "key", "{}", "http://127.0.0.1:9/p", "POST", failover, 0, 0, false, 0, 0,
                new PrimaryRetries(delays));
    }
}
