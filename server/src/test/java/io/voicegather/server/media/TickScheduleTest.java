package io.voicegather.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The clock's timetable under an injected time: exact, drift-free, bounded catch-up. */
class TickScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void ticksAreDueOnAbsoluteMultiplesOfThePeriod() {
        TickSchedule schedule = new TickSchedule(1000 * MS, 20 * MS, 3);
        assertThat(schedule.due(999 * MS)).isEqualTo(-1);
        assertThat(schedule.due(1000 * MS)).isEqualTo(0);
        assertThat(schedule.due(1000 * MS)).isEqualTo(-1);
        assertThat(schedule.nextDueNanos()).isEqualTo(1020 * MS);
        assertThat(schedule.due(1019 * MS)).isEqualTo(-1);
        assertThat(schedule.due(1020 * MS)).isEqualTo(1);
    }

    @Test
    void lateWakeUpsDoNotAccumulateDrift() {
        TickSchedule schedule = new TickSchedule(0, 20 * MS, 3);
        // Every wake-up is 7 ms late; tick n is still due at n * 20 ms, not n * 27 ms.
        for (long n = 0; n < 1000; n++) {
            assertThat(schedule.due(n * 20 * MS + 7 * MS)).isEqualTo(n);
            assertThat(schedule.due(n * 20 * MS + 7 * MS)).isEqualTo(-1);
            assertThat(schedule.nextDueNanos()).isEqualTo((n + 1) * 20 * MS);
        }
        assertThat(schedule.skippedTicks()).isZero();
    }

    @Test
    void shortStallIsCaughtUpTickByTick() {
        TickSchedule schedule = new TickSchedule(0, 20 * MS, 3);
        assertThat(schedule.due(0)).isEqualTo(0);
        long now = 65 * MS; // ticks 1, 2, 3 owed
        assertThat(schedule.due(now)).isEqualTo(1);
        assertThat(schedule.due(now)).isEqualTo(2);
        assertThat(schedule.due(now)).isEqualTo(3);
        assertThat(schedule.due(now)).isEqualTo(-1);
        assertThat(schedule.skippedTicks()).isZero();
    }

    @Test
    void longStallSkipsAllButTheLastFewTicks() {
        TickSchedule schedule = new TickSchedule(0, 20 * MS, 3);
        assertThat(schedule.due(0)).isEqualTo(0);
        long now = 505 * MS; // ticks 1..25 owed; only 23, 24, 25 are run
        assertThat(schedule.due(now)).isEqualTo(23);
        assertThat(schedule.due(now)).isEqualTo(24);
        assertThat(schedule.due(now)).isEqualTo(25);
        assertThat(schedule.due(now)).isEqualTo(-1);
        assertThat(schedule.skippedTicks()).isEqualTo(22);
        assertThat(schedule.nextDueNanos()).isEqualTo(520 * MS);
    }
}
