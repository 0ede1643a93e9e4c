package io.voicegather.server.e2e.peers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RtpPcapWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesOneMonotonicStreamWithRfc4733Events() throws Exception {
        Path file = new RtpPcapWriter(new Random(7)).toneMs(100).gapMs(60)
                .silence(200).digits("1#1").silence(100).write(dir.resolve("d.pcap"));

        List<PcapReader.Rtp> packets = PcapReader.read(file);
        assertThat(packets).extracting(PcapReader.Rtp::ssrc).containsOnly(packets.get(0).ssrc());
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).seq()).isEqualTo((packets.get(i - 1).seq() + 1) & 0xFFFF);
            assertThat(packets.get(i).timestamp()).isGreaterThanOrEqualTo(packets.get(i - 1).timestamp());
            assertThat(packets.get(i).timeUs()).isGreaterThanOrEqualTo(packets.get(i - 1).timeUs());
        }
        List<PcapReader.Rtp> events = packets.stream().filter(p -> p.payloadType() == 101).toList();
        // 3 digits x (5 packets of 20 ms, the last one sent 3 times)
        assertThat(events).hasSize(3 * 7);
        List<PcapReader.Rtp> first = events.subList(0, 7);
        assertThat(first).extracting(PcapReader.Rtp::marker).containsExactly(true, false, false, false, false, false, false);
        assertThat(first).extracting(p -> p.payload()[0] & 0xFF).containsOnly(1);
        assertThat(first).extracting(p -> ((p.payload()[2] & 0xFF) << 8) | (p.payload()[3] & 0xFF))
                .containsExactly(160, 320, 480, 640, 800, 800, 800);
        assertThat(first).extracting(p -> (p.payload()[1] & 0x80) != 0)
                .containsExactly(false, false, false, false, true, true, true);
        assertThat(first).extracting(p -> p.payload()[1] & 0x3F).containsOnly(10);
        assertThat(first).extracting(PcapReader.Rtp::timestamp).containsOnly(first.get(0).timestamp());
        // the same digit twice is two events: distinct timestamps
        assertThat(List.of(events.get(0).timestamp(), events.get(7).timestamp(), events.get(14).timestamp()))
                .doesNotHaveDuplicates();
        assertThat(events.get(7).payload()[0]).isEqualTo((byte) 11);
        // PCMU silence before, between and after
        assertThat(packets.get(0).payloadType()).isZero();
        assertThat(packets.get(0).marker()).isTrue();
        assertThat(packets.get(packets.size() - 1).payloadType()).isZero();
    }

    @Test
    void endPacketsCanShareOneSeqAndGapsCanBeEmpty() throws Exception {
        Path file = new RtpPcapWriter().endPacketsSameSeq(true).silenceDuringGaps(false).eventPayloadType(96)
                .volume(20).toneMs(60).digits("57").write(dir.resolve("e.pcap"));

        List<PcapReader.Rtp> packets = PcapReader.read(file);
        assertThat(packets).extracting(PcapReader.Rtp::payloadType).containsOnly(96);
        assertThat(packets).hasSize(2 * 5);
        assertThat(packets.subList(2, 5)).extracting(PcapReader.Rtp::seq).containsOnly(packets.get(2).seq());
        assertThat(packets.get(5).seq()).isEqualTo((packets.get(4).seq() + 1) & 0xFFFF);
        // media clock advanced over the unfilled 240 ms gap: 60 ms event + 240 ms gap = 2400 samples
        assertThat(packets.get(5).timestamp() - packets.get(0).timestamp()).isEqualTo(2400);
        assertThat(packets.get(0).payload()[1] & 0x3F).isEqualTo(20);
    }

    @Test
    void tsharkDecodesTheEvents() throws Exception {
        Tshark.requireInstalled();
        Path file = new RtpPcapWriter().silence(100).digits("90*#A").silence(100).write(dir.resolve("t.pcap"));

        List<Tshark.RtpEvent> events = Tshark.rtpEvents(file, 20000);

        assertThat(Tshark.endedDigits(events)).isEqualTo("90*#A");
        assertThat(events).extracting(Tshark.RtpEvent::payloadType).containsOnly(101);
        assertThat(events.stream().filter(Tshark.RtpEvent::marker).count()).isEqualTo(5);
    }

    @Test
    void inbandTonesCarryBothFrequenciesOfEachDigit() {
        byte[] ulaw = DtmfTones.ulaw("5#", 100, 50);
        short[] pcm = new short[ulaw.length];
        for (int i = 0; i < ulaw.length; i++) {
            pcm[i] = G711.decodeMuLaw(ulaw[i]);
        }
        assertThat(ulaw).hasSize(2 * 1200);
        assertThat(detect(pcm, 0, 800)).isEqualTo("770+1336");
        assertThat(detect(pcm, 1200, 800)).isEqualTo("941+1477");
        assertThat(energy(pcm, 850, 300)).isLessThan(1e3);   // the gap is silent
    }

    @Test
    void muLawRoundTripIsClose() {
        for (int s = -32000; s <= 32000; s += 97) {
            short back = G711.decodeMuLaw(G711.encodeMuLaw((short) s));
            assertThat(Math.abs(back - s)).isLessThanOrEqualTo(Math.max(8, Math.abs(s) / 16));
        }
        assertThat(G711.encodeMuLaw((short) 0)).isEqualTo((byte) 0xFF);
    }

    private static String detect(short[] pcm, int from, int n) {
        int[] rows = {697, 770, 852, 941};
        int[] cols = {1209, 1336, 1477, 1633};
        return strongest(pcm, from, n, rows) + "+" + strongest(pcm, from, n, cols);
    }

    private static int strongest(short[] pcm, int from, int n, int[] freqs) {
        int best = -1;
        double bestPower = -1;
        for (int f : freqs) {
            double coeff = 2 * Math.cos(2 * Math.PI * f / 8000.0);
            double s1 = 0;
            double s2 = 0;
            for (int i = from; i < from + n; i++) {
                double s0 = pcm[i] + coeff * s1 - s2;
                s2 = s1;
                s1 = s0;
            }
            double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
            if (power > bestPower) {
                bestPower = power;
                best = f;
            }
        }
        return best;
    }

    private static double energy(short[] pcm, int from, int n) {
        double e = 0;
        for (int i = from; i < from + n; i++) {
            e += (double) pcm[i] * pcm[i];
        }
        return e / n;
    }
}
