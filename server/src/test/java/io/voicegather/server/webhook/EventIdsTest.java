package io.voicegather.server.webhook;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {
    private static final long T = 1_796_000_000_123L; // 2026-12-01, in epoch milliseconds

    @Test
    void anIdIsAVersion7UuidThatCarriesItsMillisecond() {
        String id = EventIds.next(T);
        UUID uuid = UUID.fromString(id);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2); // RFC 4122/9562
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(T);
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        List<String> ids = new ArrayList<>();
        for (long ms = T; ms < T + 2_000; ms++) {
            ids.add(EventIds.next(ms));
        }
        assertThat(ids).isSorted();
    }

    @Test
    void idsOfOneMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            ids.add(EventIds.next(T));
        }
        assertThat(ids).hasSize(200_000);
    }
}
