package io.voicegather.server.webhook;

import io.voicegather.server.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.voicegather.server.webhook.WebhookStack.event;
import static io.voicegather.server.webhook.WebhookStack.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the disk refuses writes, the events waiting for their commit stay within the memory bound
 * (docs/webhooks.md, "When the disk refuses writes"), one row per rule: from four fifths of it the outbox has no room
 * for commands; at the bound an event is dropped and counted, other writes are refused through their failure
 * callback; a flush is never refused; once the disk takes writes again every kept event commits, in emit order.
 */
class OutboxMemoryBoundTest {
    private static final int MAX = 50;
    private static final String URL = "http://127.0.0.1:9/hooks";

    @TempDir
    Path dir;

    @Test
    void theCommandBoundIsFourFifthsOfTheMemoryBound() {
        assertThat(Outbox.commandBound(100_000)).isEqualTo(80_000);
        assertThat(Outbox.commandBound(50)).isEqualTo(40);
        assertThat(Outbox.commandBound(1)).isEqualTo(1);
    }

    @Test
    void eventsWaitingForAFailingDiskStayWithinTheBoundAndAllKeptOnesCommitInOrderAfter() throws Exception {
        try (Database db = Database.open(dir); Outbox outbox = new Outbox(db, Clock.systemUTC(), MAX)) {
            FaultSwitch fault = FaultSwitch.install(db);
            List<String> handedOver = new ArrayList<>();
            outbox.attach(entry -> handedOver.add(entry.eventId()));
            fault.set(true);

            List<String> kept = new ArrayList<>();
            for (int n = 0; n < Outbox.commandBound(MAX) - 1; n++) {
                kept.add(outbox.emit(event("call-1", n, post(URL))));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.failedCommitCount() > 0);
            assertThat(outbox.uncommittedCount()).isEqualTo(Outbox.commandBound(MAX) - 1);
            assertThat(outbox.hasRoomForCommands()).as("one below the command bound").isTrue();

            kept.add(outbox.emit(event("call-1", kept.size(), post(URL))));
            assertThat(outbox.hasRoomForCommands()).as("at the command bound").isFalse();

            while (kept.size() < MAX) {
                kept.add(outbox.emit(event("call-1", kept.size(), post(URL))));
            }
            assertThat(outbox.droppedCount()).as("room up to the bound").isZero();
            String dropped = outbox.emit(event("call-1", MAX, post(URL)));
            assertThat(outbox.droppedCount()).as("the event past the bound").isEqualTo(1);
            assertThat(outbox.uncommittedCount()).isEqualTo(MAX);

            AtomicReference<RuntimeException> refused = new AtomicReference<>();
            outbox.write(new OutboxWriter.Op() {
                @Override
                public void apply(Connection c) {
                    throw new AssertionError("a write past the bound must not run");
                }

                @Override
                public void failed(RuntimeException e) {
                    refused.set(e);
                }
            });
            assertThat(refused.get()).as("another write past the bound is refused at once, through failed()")
                    .isNotNull();

            fault.set(false);
            outbox.flush(); // queued past the bound too: a flush is never refused
            assertThat(handedOver).as("every kept event, in emit order").isEqualTo(kept);
            assertThat(WebhookStack.eventIdsByKey(db)).isEqualTo(Map.of("call-1", kept));
            assertThat(handedOver).doesNotContain(dropped);
            // the flush counts as one until the writer is past its callback, which is what woke us
            await().atMost(Duration.ofSeconds(20)).until(() -> outbox.uncommittedCount() == 0);
            assertThat(outbox.hasRoomForCommands()).isTrue();
            assertThat(outbox.droppedCount()).isEqualTo(1);
        }
    }
}
