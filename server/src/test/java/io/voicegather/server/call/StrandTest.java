package io.voicegather.server.call;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StrandTest {
    @Test
    void runsTasksOfOneStrandInOrderAndNeverConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            int strands = 50;
            int perStrand = 2_000;
            List<List<Integer>> seen = new ArrayList<>();
            List<Strand> all = new ArrayList<>();
            AtomicInteger overlap = new AtomicInteger();
            List<AtomicInteger> inside = new ArrayList<>();
            for (int s = 0; s < strands; s++) {
                seen.add(new ArrayList<>());
                all.add(new Strand(pool));
                inside.add(new AtomicInteger());
            }
            for (int i = 0; i < perStrand; i++) {
                for (int s = 0; s < strands; s++) {
                    int value = i;
                    int strand = s;
                    all.get(s).execute(() -> {
                        if (inside.get(strand).incrementAndGet() != 1) {
                            overlap.incrementAndGet();
                        }
                        seen.get(strand).add(value); // unsynchronised on purpose: the strand must serialise
                        inside.get(strand).decrementAndGet();
                    });
                }
            }
            for (Strand s : all) {
                s.submit(() -> null).get(30, TimeUnit.SECONDS);
            }
            assertThat(overlap.get()).isZero();
            for (List<Integer> list : seen) {
                assertThat(list).hasSize(perStrand);
                for (int i = 0; i < perStrand; i++) {
                    assertThat(list.get(i)).isEqualTo(i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingTaskDoesNotStopTheStrand() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Strand strand = new Strand(pool);
            strand.execute(() -> {
                throw new IllegalStateException("boom");
            });
            assertThat(strand.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        } finally {
            pool.shutdownNow();
        }
    }
}
