package io.voicegather.server.call;

import io.voicegather.api.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Applied or not, never both. The bound is zero throughout, so "the bound has passed" holds the moment the waiter
 * looks; which side claims first is set by running the strand's queue (or not) before, during or after the wait.
 */
class BoundedCommandTest {
    private final Queue<Runnable> strand = new ArrayDeque<>();
    private final AtomicInteger applied = new AtomicInteger();

    private BoundedCommand<String> submit() {
        return BoundedCommand.submit(strand::add, () -> {
            applied.incrementAndGet();
            return "done";
        });
    }

    @Test
    void aCommandTheStrandRanFirstAnswersItsResult() throws Exception {
        BoundedCommand<String> command = submit();
        strand.remove().run();
        assertThat(command.await(Duration.ZERO)).isEqualTo("done");
        assertThat(applied).hasValue(1);
    }

    @Test
    void aCommandNotStartedInTimeIsRefusedAndNeverRuns() {
        BoundedCommand<String> command = submit();
        assertThatThrownBy(() -> command.await(Duration.ZERO)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.errors().get(0).code()).isEqualTo("90064");
        });
        strand.remove().run(); // the strand gets to it at last
        assertThat(applied).as("applied after its 503").hasValue(0);
    }

    @Test
    void aCommandStartedBeforeTheBoundIsWaitedForToItsEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        BoundedCommand<String> command = BoundedCommand.submit(strand::add, () -> {
            started.countDown();
            finish.await();
            applied.incrementAndGet();
            return "done";
        });
        Thread strandThread = new Thread(strand.remove(), "strand");
        strandThread.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                answer.complete(command.await(Duration.ZERO));
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        }, "waiter");
        waiter.start();
        // past its zero bound the waiter parks with no deadline: it lost the claim and waits for the end
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.WAITING);
        finish.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        strandThread.join(10_000);
        assertThat(applied).hasValue(1);
    }

    @Test
    void aWaiterInterruptedBeforeTheStartAbandonsTheCommand() {
        BoundedCommand<String> command = submit();
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> command.await(Duration.ofMinutes(1))).isInstanceOf(InterruptedException.class);
        strand.remove().run();
        assertThat(applied).as("applied after its caller was interrupted").hasValue(0);
    }

    @Test
    void aCommandThatFailsReportsItsFailure() {
        BoundedCommand<String> command = BoundedCommand.submit(strand::add, () -> {
            throw new IllegalArgumentException("refused");
        });
        strand.remove().run();
        assertThatThrownBy(() -> command.await(Duration.ZERO)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
