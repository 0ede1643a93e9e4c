package io.voicegather.server.media.play;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptSourcesTest {
    private static PcmAudio ramp(int length) {
        short[] s = new short[length];
        for (int i = 0; i < length; i++) {
            s[i] = (short) (i + 1);
        }
        return PcmAudio.of(s);
    }

    /** Pulls packets the way RtpSession does until a short read, collecting what was played. */
    private static List<Short> drain(io.voicegather.server.media.AudioSource source, int packet, int maxPackets) {
        List<Short> played = new ArrayList<>();
        short[] pcm = new short[packet];
        for (int p = 0; p < maxPackets; p++) {
            int got = source.read(pcm, packet);
            for (int i = 0; i < Math.max(0, got); i++) {
                played.add(pcm[i]);
            }
            if (got < packet) {
                source.finished(true);
                break;
            }
        }
        return played;
    }

    @Test
    void playsOnceThenReportsCompletion() {
        List<Boolean> ends = new ArrayList<>();
        PcmAudioSource source = new PcmAudioSource(ramp(500), 1, ends::add);
        List<Short> played = drain(source, 160, 100);
        assertThat(played).hasSize(500);
        assertThat(played.get(0)).isEqualTo((short) 1);
        assertThat(played.get(499)).isEqualTo((short) 500);
        assertThat(ends).containsExactly(true);
    }

    @Test
    void loopsAcrossPacketBoundariesWithoutGaps() {
        PcmAudioSource source = new PcmAudioSource(ramp(170), 3, null);
        List<Short> played = drain(source, 160, 100);
        assertThat(played).hasSize(510);
        for (int i = 0; i < played.size(); i++) {
            assertThat(played.get(i)).isEqualTo((short) (i % 170 + 1));
        }
    }

    @Test
    void foreverPlaysUntilStoppedAndAnEmptyPromptEnds() {
        List<Boolean> ends = new ArrayList<>();
        PcmAudioSource source = new PcmAudioSource(ramp(37), PcmAudioSource.FOREVER, ends::add);
        assertThat(drain(source, 160, 1000)).hasSize(160_000);
        source.finished(false);
        assertThat(ends).containsExactly(false);

        PcmAudioSource empty = new PcmAudioSource(PcmAudio.EMPTY, PcmAudioSource.FOREVER, null);
        assertThat(empty.read(new short[160], 160)).isZero();
    }

    @Test
    void readAllocatesNothing() {
        PcmAudioSource source = new PcmAudioSource(ramp(8000), PcmAudioSource.FOREVER, null);
        short[] pcm = new short[160];
        for (int i = 0; i < 20_000; i++) {
            source.read(pcm, 160); // warm up so the measurement sees compiled code
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            source.read(pcm, 160);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(allocated).isLessThan(10_000); // the measuring calls themselves, not per read
    }

    @Test
    void silenceLastsItsLength() {
        assertThat(drain(new SilenceSource(250), 160, 100)).hasSize(2000).containsOnly((short) 0);
    }

    @Test
    void sequencePlaysPartsBackToBackAndTellsEachItsEnd() {
        List<String> events = new ArrayList<>();
        PcmAudioSource first = new PcmAudioSource(ramp(100), 1, c -> events.add("first " + c));
        SilenceSource pause = new SilenceSource(10);
        PcmAudioSource second = new PcmAudioSource(ramp(90), 1, c -> events.add("second " + c));
        SequenceSource sequence = new SequenceSource(List.of(first, pause, second), c -> events.add("all " + c));
        List<Short> played = drain(sequence, 160, 100);
        assertThat(played).hasSize(100 + 80 + 90);
        assertThat(played.subList(0, 100)).isEqualTo(drain(PcmAudioSource.once(ramp(100)), 160, 10));
        assertThat(played.subList(100, 180)).containsOnly((short) 0);
        assertThat(played.get(180)).isEqualTo((short) 1);
        assertThat(events).containsExactly("first true", "second true", "all true");
    }

    @Test
    void stoppingASequenceCutsTheCurrentAndPendingParts() {
        List<String> events = new ArrayList<>();
        SequenceSource sequence = new SequenceSource(List.of(
                new PcmAudioSource(ramp(100), 1, c -> events.add("a " + c)),
                new PcmAudioSource(ramp(1000), 1, c -> events.add("b " + c)),
                new PcmAudioSource(ramp(100), 1, c -> events.add("c " + c))), c -> events.add("all " + c));
        sequence.read(new short[160], 160);
        sequence.finished(false);
        assertThat(events).containsExactly("a true", "all false", "b false", "c false");
    }
}
