package io.voicegather.server.webhook;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids ({@code data.id}): UUIDs of version 7 (RFC 9562), the creation time in milliseconds first, then 74
 * random bits. They look like any UUID to a receiver; to the outbox's unique index on event ids they arrive in
 * order, so an insert lands on the index's last page instead of a random one (with a day of retained events, most
 * of a random page's reads and writes). Uniqueness, not secrecy, is what they need: 74 random bits a millisecond.
 * <p>
 * Threading: stateless; any thread.
 */
final class EventIds {
    private EventIds() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (random.nextInt() & 0x0FFF);
        long low = 0x8000_0000_0000_0000L | (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }
}
