package io.voicegather.server.webhook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.fastConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A per-event retry schedule through the real dispatcher, outbox and SQLite file, on a clock that stands still:
 * each next_attempt_at is exact. The schedule is stored with the row, so a restart resumes it.
 */
class PrimaryRetriesDispatchTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void thePolicyDelaysThePrimaryRetriesAndSurvivesARestartThenTheFailoverAndPatientPhaseFollow() throws Exception {
        ManualClock clock = new ManualClock(T0);
        WebhookConfig config = fastConfig(); // quick attempts after 0, 50, 50 ms; patient from 5 s
        try (TestReceiver receiver = TestReceiver.start(d -> 500)) {
            WebhookTarget target = new WebhookTarget(receiver.url("/p"), "POST", receiver.url("/f"),
                    new PrimaryRetries(List.of(30_000)));
            String id;
            try (WebhookStack stack = WebhookStack.start(dir, config, clock)) {
                id = stack.outbox.emit(event("call-1", 0, target));
                await().atMost(WAIT).until(() -> row(stack, id).attempts() == 1);
                Row r = row(stack, id);
                assertThat(r.nextAttemptAt()).as("the policy's first delay, not the default 50 ms")
                        .isEqualTo(T0.toEpochMilli() + 30_000);
                assertThat(r.onFailover()).isFalse();
                assertThat(r.primaryRetries()).isEqualTo("[30000]");
                Thread.sleep(300); // a default schedule would have retried by now
                assertThat(receiver.deliveries()).hasSize(1);
            }

            clock.advance(Duration.ofSeconds(30));
            try (WebhookStack stack = WebhookStack.start(dir, config, clock)) {
                // after the restart: the policy's one retry at the primary, then the failover's own 3 quick ones
                await().atMost(WAIT).until(() -> row(stack, id).attempts() == 5);
                Row r = row(stack, id);
                assertThat(r.nextAttemptAt()).as("the first patient delay")
                        .isEqualTo(T0.toEpochMilli() + 30_000 + 5_000);
                assertThat(r.onFailover()).as("the patient phase goes back to the primary").isFalse();
                assertThat(stack.state(id)).isEqualTo("pending");
            }
            assertThat(receiver.deliveries()).extracting(TestReceiver.Delivery::path)
                    .containsExactly("/p", "/p", "/f", "/f", "/f");
            assertThat(receiver.deliveries()).extracting(d -> d.json().at("/meta/attempt").asInt())
                    .containsExactly(1, 2, 3, 4, 5);
        }
    }

    @Test
    void anEventWithoutAPolicyKeepsTheDefaultSchedule() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (TestReceiver receiver = TestReceiver.start(d -> 500);
             WebhookStack stack = WebhookStack.start(dir, fastConfig(), clock)) {
            String id = stack.outbox.emit(event("call-2", 0, WebhookStack.post(receiver.url("/p"))));
            await().atMost(WAIT).until(() -> row(stack, id).attempts() == 3);
            Row r = row(stack, id);
            assertThat(r.nextAttemptAt()).isEqualTo(T0.toEpochMilli() + 5_000);
            assertThat(r.primaryRetries()).isNull();
        }
    }

    record Row(int attempts, long nextAttemptAt, boolean onFailover, String primaryRetries) {
    }

    private static Row row(WebhookStack stack, String eventId) {
        return stack.db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts, next_attempt_at, on_failover,"
                    + " primary_retries_ms FROM webhook_outbox WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Row(rs.getInt(1), rs.getLong(2), rs.getInt(3) != 0, rs.getString(4));
                }
            }
        });
    }
}
