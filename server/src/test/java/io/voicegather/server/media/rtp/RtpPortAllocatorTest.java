package io.voicegather.server.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RtpPortAllocatorTest {

    @Test
    void handsOutEvenPortsWithinTheRangeLeavingRoomForRtcp() throws Exception {
        RtpPortAllocator allocator = new RtpPortAllocator(20001, 20010);
        assertThat(allocator.capacity()).isEqualTo(4); // 20002/3, 20004/5, 20006/7, 20008/9
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ports.add(allocator.allocate());
        }
        assertThat(ports).containsExactly(20002, 20004, 20006, 20008);
        assertThat(allocator.inUse()).isEqualTo(4);
    }

    @Test
    void exhaustionIsAClearCheckedException() throws Exception {
        RtpPortAllocator allocator = new RtpPortAllocator(30000, 30003);
        allocator.allocate();
        allocator.allocate();
        assertThatThrownBy(allocator::allocate)
                .isInstanceOf(PortRangeExhaustedException.class)
                .hasMessageContaining("30000-30003");
    }

    @Test
    void releasedPairsAreReusedAndTheOldestFreeComesFirst() throws Exception {
        RtpPortAllocator allocator = new RtpPortAllocator(30000, 30005);
        int a = allocator.allocate();
        int b = allocator.allocate();
        int c = allocator.allocate();
        allocator.release(b);
        assertThat(allocator.isAllocated(b)).isFalse();
        assertThat(allocator.allocate()).isEqualTo(b);
        allocator.release(a);
        allocator.release(c);
        // Round-robin: after b, the cursor moves on to c before wrapping to a.
        assertThat(allocator.allocate()).isEqualTo(c);
        assertThat(allocator.allocate()).isEqualTo(a);
        assertThat(allocator.inUse()).isEqualTo(3);
    }

    @Test
    void releasingUnknownOrOddPortsIsHarmless() throws Exception {
        RtpPortAllocator allocator = new RtpPortAllocator(30000, 30003);
        int a = allocator.allocate();
        allocator.release(a + 1);
        allocator.release(12);
        allocator.release(a + 2);
        assertThat(allocator.inUse()).isEqualTo(1);
        allocator.release(a);
        allocator.release(a);
        assertThat(allocator.inUse()).isZero();
    }

    @Test
    void rejectsRangesWithoutAPair() {
        assertThatThrownBy(() -> new RtpPortAllocator(30001, 30001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RtpPortAllocator(30010, 30000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAllocationsNeverHandOutThePortTwice() throws Exception {
        RtpPortAllocator allocator = new RtpPortAllocator(40000, 40000 + 2 * 400 - 1);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        assertThat(seen.add(allocator.allocate())).isTrue();
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(seen).hasSize(400);
        assertThat(allocator.inUse()).isEqualTo(400);
        assertThatThrownBy(allocator::allocate).isInstanceOf(PortRangeExhaustedException.class);
    }
}
