package io.voicegather.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream both load generators send: what the server's RFC 4733 receiver and jitter handling rely on. */
class DigitsRtpTest {
    private static final int SSRC = 0x1234_5678;

    private final DigitsRtp stream = DigitsRtp.of("1#", 3000, SSRC, 65_530, 4_000_000_000L);

    @Test
    void seqIsContinuousAcrossTheWrapAndTheSsrcNeverChanges() {
        int expected = 65_530;
        for (byte[] p : stream.packets) {
            ByteBuffer b = ByteBuffer.wrap(p);
            assertThat(b.getShort(2) & 0xFFFF).isEqualTo(expected);
            assertThat(b.getInt(8)).isEqualTo(SSRC);
            expected = (expected + 1) & 0xFFFF;
        }
        assertThat(stream.nextSeq()).isEqualTo(expected);
    }

    @Test
    void eachEventHasOneTimestampAMarkerOnItsFirstPacketGrowingDurationAndThreeEndPackets() {
        List<Integer> codes = new ArrayList<>();
        for (int i = 0; i < stream.packets.size(); i++) {
            ByteBuffer b = ByteBuffer.wrap(stream.packets.get(i));
            boolean event = (b.get(1) & 0x7F) == 101;
            boolean previousWasEvent = i > 0 && (stream.packets.get(i - 1)[1] & 0x7F) == 101;
            if (!event || previousWasEvent) {
                continue;
            }
            assertThat(b.get(1) & 0x80).as("marker on the first packet of event %d", codes.size()).isNotZero();
            int timestamp = b.getInt(4);
            int lastDuration = 0;
            int ends = 0;
            int j = i;
            for (; j < stream.packets.size() && (stream.packets.get(j)[1] & 0x7F) == 101; j++) {
                ByteBuffer e = ByteBuffer.wrap(stream.packets.get(j));
                assertThat(e.getInt(4)).isEqualTo(timestamp);
                int duration = e.getShort(14) & 0xFFFF;
                assertThat(duration).isGreaterThanOrEqualTo(lastDuration);
                lastDuration = duration;
                if ((e.get(13) & 0x80) != 0) {
                    ends++;
                }
            }
            assertThat(ends).isEqualTo(3);
            assertThat(lastDuration).isEqualTo(5 * DigitsRtp.SAMPLES_PER_PACKET);
            codes.add((int) b.get(12));
        }
        assertThat(codes).containsExactly(1, 11);   // '#' is event 11
    }

    @Test
    void firstDigitComesOneSecondAfterTheStartAndAudioTimestampsFollowTheClock() {
        int firstEvent = 0;
        while ((stream.packets.get(firstEvent)[1] & 0x7F) != 101) {
            firstEvent++;
        }
        assertThat(stream.timesUs.get(firstEvent)).isEqualTo(1_000_000L);
        assertThat(stream.packets.get(0)[1] & 0x80).as("marker on the first packet of the stream").isNotZero();
        long startTs = ByteBuffer.wrap(stream.packets.get(0)).getInt(4) & 0xFFFF_FFFFL;
        for (int i = 0; i < stream.packets.size(); i++) {
            if ((stream.packets.get(i)[1] & 0x7F) == 0) {
                long ts = ByteBuffer.wrap(stream.packets.get(i)).getInt(4) & 0xFFFF_FFFFL;
                long elapsed = (ts - startTs) & 0xFFFF_FFFFL;
                assertThat(elapsed * 125).as("timestamp of packet %d, µs", i).isEqualTo(stream.timesUs.get(i));
            }
        }
        // 3000 ms holds 149 whole packet times: 50 lead, 2 × 37 per digit, 25 tail
        assertThat(stream.playUs()).isEqualTo(149 * 20_000L);
    }
}
