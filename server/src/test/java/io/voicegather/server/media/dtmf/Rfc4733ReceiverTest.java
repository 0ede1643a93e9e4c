package io.voicegather.server.media.dtmf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per rule: a scripted packet stream (with arrival times) and the digits that must come out of it. */
class Rfc4733ReceiverTest {
    private static final int SSRC = 0x11223344;
    private static final int OTHER_SSRC = 0x55667788;

    /** A step of a script: a packet or a poll of the clock. */
    private interface Step extends Consumer<Rfc4733Receiver> {
    }

    /** Writes realistic sender behaviour: 20 ms updates, duration growing by 160, triple end packets. */
    private static final class Script {
        final List<Step> steps = new ArrayList<>();
        int ssrc = SSRC;
        int seq = 1000;
        long now = 10_000;

        Script packet(int timestamp, boolean marker, int event, boolean end, int duration) {
            int s = ssrc;
            int q = seq & 0xFFFF;
            long at = now;
            byte[] payload = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >>> 8), (byte) duration};
            steps.add(r -> r.onPacket(s, q, timestamp, marker, payload, 0, payload.length, at));
            return this;
        }

        Script rawPayload(int timestamp, byte[] payload) {
            int s = ssrc;
            int q = seq++ & 0xFFFF;
            long at = now;
            steps.add(r -> r.onPacket(s, q, timestamp, false, payload, 0, payload.length, at));
            return this;
        }

        /** The start and {@code updates} further packets of a press, without any end packet. */
        Script start(int timestamp, int event, int updates, boolean marker) {
            for (int i = 0; i <= updates; i++) {
                packet(timestamp, marker && i == 0, event, false, 160 * (i + 1));
                seq++;
                now += 20;
            }
            return this;
        }

        Script start(int timestamp, int event, int updates) {
            return start(timestamp, event, updates, true);
        }

        /** Three end packets, 20 ms apart; {@code sameSeq} repeats one sequence number as SIPp does. */
        Script ends(int timestamp, int event, int duration, boolean sameSeq) {
            for (int i = 0; i < 3; i++) {
                packet(timestamp, false, event, true, duration);
                if (!sameSeq || i == 2) {
                    seq++;
                }
                now += 20;
            }
            return this;
        }

        Script press(int timestamp, int event) {
            return start(timestamp, event, 4).ends(timestamp, event, 160 * 6, false);
        }

        Script gap(long millis) {
            now += millis;
            return this;
        }

        Script poll() {
            long at = now;
            steps.add(r -> r.poll(at));
            return this;
        }

        Script ssrc(int value) {
            ssrc = value;
            return this;
        }

        Script seq(int value) {
            seq = value;
            return this;
        }

        Script also(Consumer<Script> more) {
            more.accept(this);
            return this;
        }
    }

    private static Script script() {
        return new Script();
    }

    private static Arguments row(String name, Script script, String expected) {
        return Arguments.of(name, script, expected);
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                row("single press with triple end is one digit",
                        script().press(8000, 1), "1"),
                row("SIPp style: the three end packets share one sequence number",
                        script().start(8000, 5, 3).ends(8000, 5, 800, true), "5"),
                row("end packets repeated far more than three times are still one digit",
                        script().start(8000, 5, 2).ends(8000, 5, 480, false).ends(8000, 5, 480, true), "5"),
                row("lost end: time-out closes the event and adds no digit",
                        script().start(8000, 7, 5).gap(200).poll(), "7"),
                row("lost end then a late end packet after the time-out is ignored",
                        script().start(8000, 7, 5).gap(200).poll().ends(8000, 7, 960, false), "7"),
                row("lost end, time-out, then the same digit pressed again is two digits",
                        script().start(8000, 7, 5).gap(200).poll().gap(100).press(24000, 7), "77"),
                row("lost end, no poll in between, same digit again after a real pause is two digits",
                        script().start(8000, 7, 5).gap(120).press(24000, 7), "77"),
                row("lost end followed at once by a different digit is two digits",
                        script().start(8000, 1, 3).press(8640, 2), "12"),
                row("no marker bits anywhere",
                        script().start(8000, 1, 3, false).ends(8000, 1, 640, false).gap(100)
                                .start(16000, 2, 3, false).ends(16000, 2, 640, false), "12"),
                row("marker bit on every packet does not split a press",
                        script().also(s -> {
                            for (int i = 1; i <= 6; i++) {
                                s.packet(8000, true, 3, false, 160 * i);
                                s.seq++;
                                s.now += 20;
                            }
                        }).ends(8000, 3, 960, false), "3"),
                row("16-bit duration wrap within one timestamp is one press",
                        script().packet(8000, true, 8, false, 0xFF00).seq(1001).gap(20)
                                .packet(8000, false, 8, false, 0xFFFF).seq(1002).gap(20)
                                .packet(8000, false, 8, false, 0x00A0).seq(1003).gap(20)
                                .packet(8000, false, 8, false, 0x0140).seq(1004).gap(20)
                                .ends(8000, 8, 0x0140, false), "8"),
                row("long-event segments (new timestamp, same event, no end between) are one press",
                        script().packet(8000, true, 9, false, 0xFF60).seq(1001).gap(20)
                                .packet(8000, false, 9, false, 0xFFFF).seq(1002).gap(20)
                                .start(8000 + 0xFFFF, 9, 3, false).ends(8000 + 0xFFFF, 9, 640, false), "9"),
                row("long-event segment still joins after 100 ms of lost packets (contiguous timestamp)",
                        script().packet(8000, true, 9, false, 0xFE00).seq(1001).gap(20)
                                .packet(8000, false, 9, false, 0xFF60).seq(1010).gap(100)
                                .start(8000 + 0xFFFF, 9, 3, false).ends(8000 + 0xFFFF, 9, 640, false), "9"),
                row("same digit after a lost end, not contiguous and outside the window, is a new press",
                        script().start(8000, 9, 2).gap(60).start(8000 + 480 + 400, 9, 2), "99"),
                row("middlebox restamp within one packet interval is a continuation",
                        script().start(8000, 4, 3).start(123_456, 4, 4, false).ends(123_456, 4, 800, false), "4"),
                row("restamp after a completed press is a new press (there was an end)",
                        script().press(8000, 4).start(8800, 4, 2).ends(8800, 4, 480, false), "44"),
                row("same digit twice with distinct timestamps and ends between is two digits",
                        script().press(8000, 1).gap(60).press(16000, 1), "11"),
                row("same digit twice back to back (no gap) with ends between is two digits",
                        script().press(8000, 1).press(8960, 1), "11"),
                row("late packet of the previous event after the next one started is ignored",
                        script().press(8000, 1).gap(40).start(16000, 2, 1).packet(8000, false, 1, true, 960)
                                .ends(16000, 2, 480, false), "12"),
                row("packet with an older timestamp than the current event is ignored",
                        script().press(16000, 3).packet(12000, false, 6, false, 160), "3"),
                row("duplicate of the first packet is ignored",
                        script().packet(8000, true, 6, false, 160).packet(8000, true, 6, false, 160).seq(1001)
                                .gap(20).ends(8000, 6, 320, false), "6"),
                row("reordered: an update before the first packet is still one press",
                        script().seq(1001).packet(8000, false, 6, false, 320).seq(1000)
                                .packet(8000, true, 6, false, 160).seq(1002).gap(20).ends(8000, 6, 480, false), "6"),
                row("only the end packets arrived: reported once",
                        script().ends(8000, 0, 960, false), "0"),
                row("sequence numbers wrapping through 65535 do not matter",
                        script().seq(65533).press(8000, 2), "2"),
                row("RTP timestamp wrapping through 2^32 keeps ordering",
                        script().press(-800, 1).gap(60).press(800, 2).packet(-800, false, 1, true, 960), "12"),
                row("new SSRC (re-INVITE) starts afresh; stragglers of the old SSRC are ignored",
                        script().press(8000, 1).ssrc(OTHER_SSRC).gap(100).start(500, 2, 2)
                                .ssrc(SSRC).packet(8000, false, 1, true, 960)
                                .ssrc(OTHER_SSRC).ends(500, 2, 480, false), "12"),
                row("sender resets its timestamp base (same SSRC) after a long silence: accepted",
                        script().press(900_000, 1).gap(5000).press(8000, 2), "12"),
                row("event codes map to 0-9 * # A-D; flash (16) and others are ignored",
                        script().press(8000, 10).gap(60).press(9000, 11).gap(60).press(10000, 16).gap(60)
                                .press(11000, 12).gap(60).press(12000, 13).gap(60).press(13000, 14).gap(60)
                                .press(14000, 15).gap(60).press(15000, 40).gap(60).press(16000, 0), "*#ABCD0"),
                row("a non-digit event does not end or split the digit around it",
                        script().start(8000, 5, 2).packet(8100, false, 16, false, 160).seq(1005).gap(20)
                                .start(8000, 5, 1).ends(8000, 5, 480, false), "5"),
                row("payload shorter than 4 bytes is ignored",
                        script().rawPayload(8000, new byte[] {1, 0, 0}).press(9000, 2), "2"),
                row("dialled string with mixed pacing",
                        script().press(8000, 1).gap(80).press(16000, 2).gap(300).press(24000, 3).gap(40)
                                .press(32000, 11), "123#"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String name, Script script, String expected) {
        StringBuilder digits = new StringBuilder();
        Rfc4733Receiver receiver = new Rfc4733Receiver(digits::append);
        for (Step step : script.steps) {
            step.accept(receiver);
        }
        assertThat(digits.toString()).as(name).isEqualTo(expected);
        assertThat(receiver.digitsReported()).isEqualTo(expected.length());
    }

    @Test
    void digitIsReportedAtTheFirstPacketNotAtTheEnd() {
        StringBuilder digits = new StringBuilder();
        Rfc4733Receiver receiver = new Rfc4733Receiver(digits::append);
        byte[] start = {1, 10, 0, (byte) 160};
        receiver.onPacket(SSRC, 1, 8000, true, start, 0, 4, 0);
        assertThat(digits).hasToString("1");
        assertThat(receiver.inEvent()).isTrue();
    }

    @Test
    void timeOutBoundaryIsExact() {
        Rfc4733Receiver receiver = new Rfc4733Receiver(d -> { });
        byte[] update = {1, 10, 0, (byte) 160};
        receiver.onPacket(SSRC, 1, 8000, true, update, 0, 4, 1000);
        receiver.poll(1000 + Rfc4733Receiver.DEFAULT_END_TIMEOUT_MILLIS - 1);
        assertThat(receiver.inEvent()).isTrue();
        receiver.onPacket(SSRC, 2, 8000, false, update, 0, 4, 1100);
        receiver.poll(1100 + Rfc4733Receiver.DEFAULT_END_TIMEOUT_MILLIS - 1);
        assertThat(receiver.inEvent()).as("an update pushes the time-out back").isTrue();
        receiver.poll(1100 + Rfc4733Receiver.DEFAULT_END_TIMEOUT_MILLIS);
        assertThat(receiver.inEvent()).isFalse();
        assertThat(receiver.endsByTimeout()).isEqualTo(1);
    }

    @Test
    void endPacketClosesTheEventAndDuplicatesAreCounted() {
        Rfc4733Receiver receiver = new Rfc4733Receiver(d -> { });
        byte[] end = {1, (byte) 0x8A, 3, 0};
        receiver.onPacket(SSRC, 1, 8000, false, new byte[] {1, 10, 0, (byte) 160}, 0, 4, 0);
        receiver.onPacket(SSRC, 2, 8000, false, end, 0, 4, 20);
        assertThat(receiver.inEvent()).isFalse();
        receiver.onPacket(SSRC, 3, 8000, false, end, 0, 4, 40);
        receiver.onPacket(SSRC, 4, 8000, false, end, 0, 4, 60);
        assertThat(receiver.packetsIgnored()).isEqualTo(2);
        assertThat(receiver.endsByTimeout()).isZero();
    }

    @Test
    void readsThePayloadAtAnOffset() {
        StringBuilder digits = new StringBuilder();
        Rfc4733Receiver receiver = new Rfc4733Receiver(digits::append);
        byte[] packet = new byte[16];
        packet[12] = 11;
        packet[13] = 10;
        packet[15] = (byte) 160;
        receiver.onPacket(SSRC, 1, 8000, true, packet, 12, 4, 0);
        assertThat(digits).hasToString("#");
    }
}
