package io.voicegather.server.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command_id rows of docs/gather-semantics.md, as scripts over a virtual clock. A step is
 * {@code call/command@t=new} (expect first sight), {@code call/command@t=dup} (expect a repeat) or
 * {@code forget:call/command}; {@code -} stands for an absent command_id.
 */
public class CommandIdCacheTest {

    record Case(String id, String what, String script) {
        @Override
        public String toString() {
            return id + " " + what + " [" + script + "]";
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("G30", "repeat within 60 s is ignored",
                        "c1/a@0=new c1/a@1=dup c1/a@30000=dup c1/a@59999=dup"),
                new Case("G31", "repeat 60 s or more after the first is new again",
                        "c1/a@0=new c1/a@60000=new c1/a@60001=dup c1/a@200000=new"),
                new Case("G32", "ignored repeats do not extend the window",
                        "c1/a@0=new c1/a@50000=dup c1/a@59999=dup c1/a@60000=new c1/a@119999=dup"),
                new Case("G33", "the same command_id on another call is independent",
                        "c1/a@0=new c2/a@10=new c1/a@20=dup c2/a@30=dup c1/b@40=new"),
                new Case("G34", "no command_id is never a repeat",
                        "c1/-@0=new c1/-@0=new c1/-@10=new"),
                new Case("G35", "a rejected command is forgotten, so its retry with the same id runs",
                        "c1/a@0=new forget:c1/a c1/a@10=new c1/a@20=dup"));
    }

    /** The doc row ids this class covers, for the doc/test drift check. */
    public static Set<String> docRowIds() {
        Set<String> ids = new TreeSet<>();
        cases().forEach(c -> ids.add(c.id()));
        return ids;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rowHolds(Case c) {
        CommandIdCache cache = new CommandIdCache();
        for (String step : c.script().split("\\s+")) {
            if (step.startsWith("forget:")) {
                String[] pair = step.substring("forget:".length()).split("/");
                cache.forget(pair[0], pair[1]);
                continue;
            }
            String[] pairAndRest = step.split("@");
            String[] pair = pairAndRest[0].split("/");
            String[] timeAndExpect = pairAndRest[1].split("=");
            String commandId = pair[1].equals("-") ? null : pair[1];
            boolean expectNew = timeAndExpect[1].equals("new");
            assertThat(cache.firstSeen(pair[0], commandId, Long.parseLong(timeAndExpect[0])))
                    .as(step).isEqualTo(expectNew);
        }
    }

    @Test
    void expiredEntriesArePurgedSoMemoryStaysBounded() {
        CommandIdCache cache = new CommandIdCache();
        for (int i = 0; i < 10_000; i++) {
            cache.firstSeen("call-" + i, "cmd", i);
        }
        assertThat(cache.size()).isEqualTo(10_000);
        // one minute after the last: everything before now - 60 s has gone, only the new entry remains
        cache.firstSeen("late", "cmd", 10_000 + 60_000);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void memoryIsBoundedByRateTimesWindowUnderSteadyLoad() {
        CommandIdCache cache = new CommandIdCache();
        int maxSize = 0;
        for (long t = 0; t < 300_000; t += 10) { // 100 commands a second for 5 minutes
            cache.firstSeen("call-" + t, "cmd", t);
            maxSize = Math.max(maxSize, cache.size());
        }
        assertThat(maxSize).isEqualTo(6_000);
    }

    @Test
    void exactlyOneOfManyConcurrentSendersWins() throws Exception {
        int threads = 8;
        int rounds = 200;
        CommandIdCache cache = new CommandIdCache();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < rounds; round++) {
                String commandId = "cmd-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return cache.firstSeen("call", commandId, 1_000);
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> f : results) {
                    winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRepeatAnswersWhatItsOwnFirstCommandAnsweredNotTheLatestOne() {
        CommandIdCache cache = new CommandIdCache();
        assertThat(cache.firstSeen("call", "gather-1", 0)).isTrue();
        cache.remember("call", "gather-1", "conversation-1");
        assertThat(cache.firstSeen("call", "assistant-1", 10)).isTrue();
        cache.remember("call", "assistant-1", "conversation-2");

        assertThat(cache.firstSeen("call", "gather-1", 20)).isFalse();
        assertThat(cache.resultOf("call", "gather-1")).isEqualTo("conversation-1");
        assertThat(cache.resultOf("other-call", "gather-1")).isNull();

        cache.remember("call", "never-seen", "x"); // only held pairs keep an answer
        assertThat(cache.resultOf("call", "never-seen")).isNull();
        assertThat(cache.firstSeen("call", "gather-1", 60_000)).as("a new window, a new command").isTrue();
        assertThat(cache.resultOf("call", "gather-1")).as("its answer is not known yet").isNull();
    }
}
