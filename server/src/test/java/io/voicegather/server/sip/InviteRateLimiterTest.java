package io.voicegather.server.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The per-source token bucket, on a clock the test sets: exact counts and waits. */
class InviteRateLimiterTest {
    static final long SECOND = 1_000_000_000L;
    static final long T0 = 5 * SECOND;

    static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aFullBucketTakesTheBurstThenOneInvitePerInterval() throws Exception {
        InviteRateLimiter limiter = new InviteRateLimiter(10, 3, 100);
        InetAddress a = address("192.0.2.1");
        assertThat(limiter.tryAcquire(a, T0)).isZero();
        assertThat(limiter.tryAcquire(a, T0)).isZero();
        assertThat(limiter.tryAcquire(a, T0)).isZero();
        assertThat(limiter.tryAcquire(a, T0)).as("the 4th at once waits one interval").isEqualTo(SECOND / 10);
        assertThat(limiter.tryAcquire(a, T0 + SECOND / 10 - 1)).isEqualTo(1);
        assertThat(limiter.tryAcquire(a, T0 + SECOND / 10)).isZero();
        assertThat(limiter.tryAcquire(a, T0 + SECOND / 10)).isEqualTo(SECOND / 10);
    }

    @Test
    void refusedInvitesTakeNoToken() throws Exception {
        InviteRateLimiter limiter = new InviteRateLimiter(1, 1, 100);
        InetAddress a = address("192.0.2.1");
        assertThat(limiter.tryAcquire(a, T0)).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire(a, T0 + i)).isPositive();
        }
        assertThat(limiter.tryAcquire(a, T0 + SECOND)).as("a flood does not push the next token away").isZero();
    }

    @Test
    void aQuietSourceRefillsUpToTheBurstOnly() throws Exception {
        InviteRateLimiter limiter = new InviteRateLimiter(2, 4, 100);
        InetAddress a = address("2001:db8::1");
        long later = T0 + 3600 * SECOND;
        assertThat(limiter.tryAcquire(a, T0)).isZero();
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.tryAcquire(a, later)).isZero();
        }
        assertThat(limiter.tryAcquire(a, later)).isEqualTo(SECOND / 2);
    }

    @Test
    void sourcesHaveBucketsOfTheirOwn() throws Exception {
        InviteRateLimiter limiter = new InviteRateLimiter(1, 1, 100);
        assertThat(limiter.tryAcquire(address("192.0.2.1"), T0)).isZero();
        assertThat(limiter.tryAcquire(address("192.0.2.1"), T0)).isPositive();
        assertThat(limiter.tryAcquire(address("192.0.2.2"), T0)).isZero();
    }

    @Test
    void theLeastRecentlySeenSourceIsForgottenBeyondTheBound() throws Exception {
        InviteRateLimiter limiter = new InviteRateLimiter(1, 1, 2);
        InetAddress a = address("192.0.2.1");
        InetAddress b = address("192.0.2.2");
        InetAddress c = address("192.0.2.3");
        limiter.tryAcquire(a, T0);
        limiter.tryAcquire(b, T0);
        assertThat(limiter.tryAcquire(a, T0)).as("a seen again: b is now the eldest").isPositive();
        limiter.tryAcquire(c, T0);
        assertThat(limiter.trackedSources()).isEqualTo(2);
        assertThat(limiter.tryAcquire(a, T0)).as("a is remembered").isPositive();
        assertThat(limiter.tryAcquire(b, T0)).as("b was forgotten: a full bucket again").isZero();
    }
}
