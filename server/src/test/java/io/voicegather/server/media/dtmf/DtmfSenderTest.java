package io.voicegather.server.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voicegather.server.media.codec.Codec;
import io.voicegather.server.media.rtp.RtpHeader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sender driven tick by tick, as the media clock drives it: each call to {@link DtmfSender#fill} is one 20 ms
 * packet time, so packet indexes are exact times (index × 20 ms).
 */
class DtmfSenderTest {
    private static final int SPP = 160;
    private static final int SSRC = 0x11223344;
    private static final int AUDIO_PT = 0;
    private static final int EVENT_PT = 101;
    private static final int FIRST_TS = 0x7FFFFF00; // wraps past 2^31 inside the test on purpose

    /** One packet as sent; {@code normal} when the sender left the tick to the audio stream. */
    private record Packet(boolean normal, boolean marker, int payloadType, int sequence, int timestamp, int ssrc,
                          byte[] payload) {
        int event() {
            return payload[0] & 0xFF;
        }

        boolean end() {
            return (payload[1] & 0x80) != 0;
        }

        int volume() {
            return payload[1] & 0x3F;
        }

        int duration() {
            return ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
        }
    }

    /** Runs {@code ticks} packet times; the stream's sequence and timestamp advance on every tick. */
    private static List<Packet> run(DtmfSender sender, int ticks, Codec codec, int eventPt) {
        byte[] packet = new byte[RtpHeader.FIXED_LENGTH + SPP];
        short[] pcm = new short[SPP];
        List<Packet> out = new ArrayList<>();
        int seq = 65530; // wraps too
        for (int t = 0; t < ticks; t++) {
            int ts = FIRST_TS + t * SPP;
            int length = sender.fill(packet, seq, ts, SSRC, codec, AUDIO_PT, eventPt, pcm);
            if (length == 0) {
                out.add(new Packet(true, false, AUDIO_PT, seq, ts, SSRC, new byte[0]));
            } else {
                byte[] payload = java.util.Arrays.copyOfRange(packet, RtpHeader.FIXED_LENGTH, length);
                out.add(new Packet(false, RtpHeader.marker(packet, 0), RtpHeader.payloadType(packet, 0),
                        RtpHeader.sequence(packet, 0), RtpHeader.timestamp(packet, 0), RtpHeader.ssrc(packet, 0),
                        payload));
            }
            seq = (seq + 1) & 0xFFFF;
        }
        return out;
    }

    /** A phone decoding what the sender sends, tick after tick, with the project's RFC 4733 receiver. */
    private static final class Listener {
        final StringBuilder heard = new StringBuilder();
        final Rfc4733Receiver receiver = new Rfc4733Receiver(heard::append);
        final DtmfSender sender;
        final byte[] packet = new byte[RtpHeader.FIXED_LENGTH + SPP];
        final short[] pcm = new short[SPP];
        int tick;
        int eventPackets;

        Listener(DtmfSender sender) {
            this.sender = sender;
        }

        void ticks(int count) {
            for (int end = tick + count; tick < end; tick++) {
                int length = sender.fill(packet, tick & 0xFFFF, tick * SPP, SSRC, Codec.PCMU, AUDIO_PT, EVENT_PT, pcm);
                if (length > 0 && RtpHeader.payloadType(packet, 0) == EVENT_PT) {
                    eventPackets++;
                    receiver.onPacket(SSRC, RtpHeader.sequence(packet, 0), RtpHeader.timestamp(packet, 0),
                            RtpHeader.marker(packet, 0), packet, RtpHeader.FIXED_LENGTH,
                            length - RtpHeader.FIXED_LENGTH, tick * 20L);
                }
                receiver.poll(tick * 20L);
            }
        }
    }

    @Test
    void rfc4733SequenceOfOneShortPauseHash() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("1w#", 250);
        List<Packet> p = run(sender, 60, Codec.PCMU, EVENT_PT);

        // '1': 13 packet times of tone (250 ms → 2000 samples): 12 updates, then 3 end packets.
        for (int k = 0; k < 15; k++) {
            Packet e = p.get(k);
            assertThat(e.normal()).isFalse();
            assertThat(e.payloadType()).as("packet %d", k).isEqualTo(EVENT_PT);
            assertThat(e.ssrc()).isEqualTo(SSRC);
            assertThat(e.timestamp()).as("one timestamp per event").isEqualTo(FIRST_TS);
            assertThat(e.marker()).as("marker on the first packet only, %d", k).isEqualTo(k == 0);
            assertThat(e.event()).isEqualTo(1);
            assertThat(e.volume()).isEqualTo(10);
            assertThat(e.payload()).hasSize(4);
            if (k < 12) {
                assertThat(e.end()).isFalse();
                assertThat(e.duration()).isEqualTo((k + 1) * 160);
            } else {
                assertThat(e.end()).as("end bit, packet %d", k).isTrue();
                assertThat(e.duration()).isEqualTo(2000);
            }
        }
        // Gap (100 ms = 5 packets) then 'w' (500 ms = 25 packets): silence on the audio payload type, own timestamps.
        for (int k = 15; k < 45; k++) {
            Packet s = p.get(k);
            assertThat(s.normal()).as("packet %d belongs to the sender", k).isFalse();
            assertThat(s.payloadType()).isEqualTo(AUDIO_PT);
            assertThat(s.marker()).isFalse();
            assertThat(s.timestamp()).isEqualTo(FIRST_TS + k * SPP);
            assertThat(s.payload()).hasSize(SPP).containsOnly((byte) 0xFF);
        }
        // '#' (event 11) starts at packet 45 with its own timestamp.
        for (int k = 45; k < 60; k++) {
            Packet e = p.get(k);
            assertThat(e.payloadType()).isEqualTo(EVENT_PT);
            assertThat(e.timestamp()).isEqualTo(FIRST_TS + 45 * SPP);
            assertThat(e.marker()).isEqualTo(k == 45);
            assertThat(e.event()).isEqualTo(11);
            assertThat(e.end()).isEqualTo(k >= 57);
        }
        // Continuing sequence numbers throughout, across the 16-bit wrap.
        for (int k = 1; k < p.size(); k++) {
            assertThat(p.get(k).sequence()).isEqualTo((p.get(k - 1).sequence() + 1) & 0xFFFF);
        }
        // Then the last gap, then the tick is the audio stream's again.
        List<Packet> after = run(sender, 6, Codec.PCMU, EVENT_PT);
        assertThat(after.subList(0, 5)).allSatisfy(s -> assertThat(s.normal()).isFalse());
        assertThat(after.get(5).normal()).isTrue();
        assertThat(sender.isBusy()).isFalse();
    }

    @Test
    void durationsThatAreNotAMultipleOfThePacketTimeEndOnTheExactDuration() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("D", 100);
        List<Packet> p = run(sender, 12, Codec.PCMA, EVENT_PT);
        assertThat(p.subList(0, 7)).extracting(Packet::duration).containsExactly(160, 320, 480, 640, 800, 800, 800);
        assertThat(p.subList(0, 7)).extracting(Packet::end).containsExactly(false, false, false, false, true, true,
                true);
        assertThat(p.get(0).event()).isEqualTo(15);
        assertThat(p.subList(7, 12)).allSatisfy(s -> assertThat(s.payload()).containsOnly((byte) 0xD5));

        DtmfSender odd = new DtmfSender(SPP);
        odd.enqueue("*", 110); // 880 samples: 6 packet times, the last one partly
        List<Packet> q = run(odd, 8, Codec.PCMU, EVENT_PT);
        assertThat(q.subList(0, 8)).extracting(Packet::duration)
                .containsExactly(160, 320, 480, 640, 800, 880, 880, 880);
        assertThat(q.get(0).event()).isEqualTo(10);
    }

    @Test
    void ourOwnReceiverHearsExactlyTheKeysSent() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("123", 100);
        sender.enqueue("*0#ABCD", 500);
        StringBuilder heard = new StringBuilder();
        Rfc4733Receiver receiver = new Rfc4733Receiver(heard::append);
        byte[] packet = new byte[RtpHeader.FIXED_LENGTH + SPP];
        short[] pcm = new short[SPP];
        for (int t = 0; t < 500; t++) {
            int length = sender.fill(packet, t, t * SPP, SSRC, Codec.PCMU, AUDIO_PT, EVENT_PT, pcm);
            if (length > 0 && RtpHeader.payloadType(packet, 0) == EVENT_PT) {
                receiver.onPacket(SSRC, RtpHeader.sequence(packet, 0), RtpHeader.timestamp(packet, 0),
                        RtpHeader.marker(packet, 0), packet, RtpHeader.FIXED_LENGTH, length - RtpHeader.FIXED_LENGTH,
                        t * 20L);
            }
            receiver.poll(t * 20L);
        }
        assertThat(heard).hasToString("123*0#ABCD");
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void inBandTonesDecodeToTheSameKeysWithTheProjectsDetector(Codec law) {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("1w#", 250);
        sender.enqueue("0123456789*#ABCD", 100);
        StringBuilder heard = new StringBuilder();
        InbandDtmfDetector detector = new InbandDtmfDetector(heard::append);
        List<Packet> p = run(sender, 400, law, -1);
        short[] decoded = new short[SPP];
        int firstNormal = -1;
        for (int k = 0; k < p.size(); k++) {
            Packet packet = p.get(k);
            if (packet.normal()) {
                firstNormal = firstNormal < 0 ? k : firstNormal;
                java.util.Arrays.fill(decoded, (short) 0);
            } else {
                assertThat(packet.payloadType()).isEqualTo(AUDIO_PT);
                assertThat(packet.timestamp()).isEqualTo(FIRST_TS + k * SPP);
                for (int i = 0; i < SPP; i++) {
                    decoded[i] = law.decode(packet.payload()[i]);
                }
            }
            detector.process(decoded, 0, SPP);
        }
        assertThat(heard).hasToString("1#0123456789*#ABCD");
        // "1w#" at 250 ms: 13 + 5 + 25 + 13 + 5 packets; then 16 × (5 + 5) packets.
        assertThat(firstNormal).isEqualTo(61 + 160);
    }

    @Test
    void theInBandToneHasTheConfiguredLevelsAndLengthThenSilence() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("5", 110);
        short[] pcm = new short[SPP];
        byte[] packet = new byte[RtpHeader.FIXED_LENGTH + SPP];
        short[] all = new short[12 * SPP];
        for (int t = 0; t < 12; t++) {
            sender.fill(packet, t, t * SPP, SSRC, Codec.PCMU, AUDIO_PT, -1, pcm);
            for (int i = 0; i < SPP; i++) {
                all[t * SPP + i] = Codec.PCMU.decode(packet[RtpHeader.FIXED_LENGTH + i]);
            }
        }
        double power = 0;
        for (int i = 0; i < 880; i++) {
            power += (double) all[i] * all[i];
        }
        double expected = DtmfLevels.dbm0ToPower(DtmfSender.ROW_DBM0) + DtmfLevels.dbm0ToPower(DtmfSender.COLUMN_DBM0);
        assertThat(DtmfLevels.powerToDbm0(power / 880)).isCloseTo(DtmfLevels.powerToDbm0(expected),
                org.assertj.core.data.Offset.offset(0.5));
        for (int i = 880; i < all.length; i++) {
            assertThat(all[i]).as("sample %d after the 110 ms tone", i).isBetween((short) -8, (short) 8);
        }
    }

    @Test
    void cancelDropsTheKeyBeingSentAndEverythingQueued() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("12", 250);
        sender.enqueue("3", 250);
        assertThat(run(sender, 3, Codec.PCMU, EVENT_PT)).allSatisfy(p -> assertThat(p.normal()).isFalse());
        sender.cancel();
        // Longer than "2" and "3" would have lasted: not one more packet of them.
        assertThat(run(sender, 100, Codec.PCMU, EVENT_PT)).allSatisfy(p -> assertThat(p.normal()).isTrue());
        assertThat(sender.isBusy()).isFalse();
        assertThat(sender.pending()).as("nothing waits any more").isZero();
        sender.enqueue("4", 100);
        Packet next = run(sender, 1, Codec.PCMU, EVENT_PT).get(0);
        assertThat(next.event()).as("a send queued after the cancel still goes out").isEqualTo(4);
        assertThat(next.marker()).isTrue();
    }

    @Test
    void aRequestThatWouldPassTheCapIsRefusedWholeAndNothingOfItIsSent() {
        DtmfSender sender = new DtmfSender(SPP);
        for (int i = 0; i < DtmfSender.MAX_PENDING / 128; i++) {
            assertThat(sender.enqueue((i == 0 ? "1" : "w") + "w".repeat(127), 100)).isTrue();
        }
        assertThat(sender.pending()).isEqualTo(DtmfSender.MAX_PENDING);
        assertThat(sender.enqueue("2", 100)).as("one key past the cap").isFalse();
        assertThat(sender.pending()).as("nothing of the refused request counts").isEqualTo(DtmfSender.MAX_PENDING);

        // Starting the first key frees one place: a one-key request fits again, a two-key one does not.
        Listener phone = new Listener(sender);
        phone.ticks(1);
        assertThat(phone.eventPackets).isEqualTo(1);
        assertThat(sender.pending()).isEqualTo(DtmfSender.MAX_PENDING - 1);
        assertThat(sender.enqueue("34", 100)).isFalse();
        assertThat(sender.enqueue("3", 100)).isTrue();
        assertThat(sender.pending()).isEqualTo(DtmfSender.MAX_PENDING);

        // Play everything out (1023 short pauses of 25 packets, '1' and '3' of 12 with their gaps): '1' and '3'.
        phone.ticks(1023 * 25 + 2 * 12 + 50);
        StringBuilder heard = phone.heard;
        assertThat(heard).hasToString("13");
        assertThat(sender.isBusy()).isFalse();
        assertThat(sender.pending()).isZero();
        assertThat(sender.enqueue("9".repeat(128), 100)).as("the whole cap is free again").isTrue();
    }

    @Test
    void concurrentRequestsNeverTogetherPassTheCap() throws Exception {
        DtmfSender sender = new DtmfSender(SPP);
        int threads = 4;
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int k = 0; k < 300; k++) {
                    if (sender.enqueue("123", 100)) {
                        accepted.incrementAndGet();
                    }
                }
            });
            t.start();
            running.add(t);
        }
        go.countDown();
        for (Thread t : running) {
            t.join(30_000);
        }
        assertThat(accepted.get()).as("1024 / 3 requests of three keys fit").isEqualTo(DtmfSender.MAX_PENDING / 3);
        assertThat(sender.pending()).isEqualTo(DtmfSender.MAX_PENDING / 3 * 3);
    }

    @Test
    void aSecondSendWaitsForTheFirst() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("1", 100);
        List<Packet> first = run(sender, 2, Codec.PCMU, EVENT_PT);
        sender.enqueue("2", 100);
        List<Packet> rest = run(sender, 20, Codec.PCMU, EVENT_PT);
        List<Packet> all = new ArrayList<>(first);
        all.addAll(rest);
        // '1': 7 event packets + 5 gap packets; '2' starts at packet 12.
        assertThat(all.get(6).event()).isEqualTo(1);
        assertThat(all.get(12).event()).isEqualTo(2);
        assertThat(all.get(12).marker()).isTrue();
        assertThat(rest.get(10).timestamp()).as("the timestamp of its own first packet time")
                .isEqualTo(FIRST_TS + 10 * SPP);
    }

    @Test
    void aKeyKeepsThePayloadTypeItStartedOnAndTheNextKeyFollowsTheNegotiation() {
        DtmfSender sender = new DtmfSender(SPP);
        sender.enqueue("12", 100);
        List<Packet> first = run(sender, 3, Codec.PCMU, EVENT_PT);
        List<Packet> rest = run(sender, 9, Codec.PCMU, -1); // a re-INVITE dropped telephone-event mid-key
        assertThat(first).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(EVENT_PT));
        assertThat(rest.subList(0, 4)).allSatisfy(p -> assertThat(p.payloadType()).isEqualTo(EVENT_PT));
        assertThat(rest.get(3).end()).isTrue();
        assertThat(rest.get(4).payloadType()).isEqualTo(AUDIO_PT); // the gap
        StringBuilder heard = new StringBuilder();
        InbandDtmfDetector detector = new InbandDtmfDetector(heard::append);
        short[] pcm = new short[SPP];
        for (Packet p : run(sender, 20, Codec.PCMU, -1)) {
            for (int i = 0; i < SPP; i++) {
                pcm[i] = p.normal() ? 0 : Codec.PCMU.decode(p.payload()[i]);
            }
            detector.process(pcm, 0, SPP);
        }
        assertThat(heard).as("the second key goes in-band").hasToString("2");
    }

    @Test
    void refusesWhatTheParserShouldHaveRefused() {
        DtmfSender sender = new DtmfSender(SPP);
        assertThatThrownBy(() -> sender.enqueue("", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.enqueue("1x", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.enqueue("a", 100)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.enqueue("1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
