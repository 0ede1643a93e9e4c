package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Paced commits: an idle writer commits at once, and what arrives within the pace after a commit shares the next.
 * Bookkeeping that can wait shares the commit of the next write that cannot, so a delivery's outcome costs no
 * fsync of its own; alone, it still commits once its linger time is up.
 */
class OutboxWriterLingerTest {
    private static final long HOUR_MILLIS = 3_600_000;

    @TempDir
    Path dir;

    @Test
    void bookkeepingRidesAlongWithTheNextEventInOneCommit() throws Exception {
        try (Database db = Database.open(dir); OutboxWriter writer = new OutboxWriter(db, HOUR_MILLIS, 0)) {
            CountDownLatch bookkept = new CountDownLatch(1);
            writer.submit(op(true, false, bookkept));
            // with an hour's linger nothing commits it but the next write that cannot wait
            assertThat(bookkept.await(300, TimeUnit.MILLISECONDS)).as("committed alone").isFalse();
            assertThat(writer.commits()).isZero();

            CountDownLatch event = new CountDownLatch(1);
            writer.submit(op(false, true, event));
            assertThat(event.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(bookkept.getCount()).as("committed with the event").isZero();
            assertThat(writer.commits()).as("one commit for both").isOne();
        }
    }

    @Test
    void eventsArrivingWithinThePaceShareTheNextCommit() throws Exception {
        try (Database db = Database.open(dir); OutboxWriter writer = new OutboxWriter(db, HOUR_MILLIS, 2_000)) {
            CountDownLatch first = new CountDownLatch(1);
            writer.submit(op(false, true, first));
            assertThat(first.await(30, TimeUnit.SECONDS)).as("an idle writer commits at once").isTrue();
            assertThat(writer.commits()).isOne();

            CountDownLatch next = new CountDownLatch(2);
            writer.submit(op(false, true, next));
            writer.submit(op(false, true, next));
            assertThat(next.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(writer.commits()).as("the two after it share one commit").isEqualTo(2);
        }
    }

    @Test
    void bookkeepingAloneCommitsWhenItsLingerIsUp() {
        try (Database db = Database.open(dir); OutboxWriter writer = new OutboxWriter(db, 2_000, 0)) {
            CountDownLatch bookkept = new CountDownLatch(3);
            for (int n = 0; n < 3; n++) {
                writer.submit(op(true, false, bookkept));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> bookkept.getCount() == 0);
            assertThat(writer.commits()).as("the three queued together share one commit").isOne();
        }
    }

    @Test
    void aWriteThatCannotWaitIsNotHeldByTheLinger() throws Exception {
        try (Database db = Database.open(dir); OutboxWriter writer = new OutboxWriter(db, HOUR_MILLIS, 0)) {
            CountDownLatch read = new CountDownLatch(1);
            writer.submit(op(false, false, read)); // a read of the dispatcher's: neither durable nor able to wait
            assertThat(read.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static OutboxWriter.Op op(boolean canWait, boolean durable, CountDownLatch committed) {
        return new OutboxWriter.Op() {
            @Override
            public void apply(Connection c) {
            }

            @Override
            public void committed() {
                committed.countDown();
            }

            @Override
            public boolean canWait() {
                return canWait;
            }

            @Override
            public boolean durable() {
                return durable;
            }
        };
    }
}
