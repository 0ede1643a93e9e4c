package io.voicegather.server.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.voicegather.api.command.DtmfKey;
import io.voicegather.server.media.dtmf.Rfc4733Receiver;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;

/**
 * Coverage-guided fuzzing (Jazzer) of received RTP: a stream of datagrams through {@link RtpHeader} and, for the
 * telephone-event payload type, the {@link Rfc4733Receiver}, as the session's receive path hands them on. An input
 * is a run of records: a 2-byte big-endian datagram length, one byte of milliseconds since the previous datagram,
 * then the datagram. The contract: the header readers never throw, agree between the array and the buffer form, and
 * describe a header and payload inside the datagram; the receiver never throws and reports only keys, at most one
 * per datagram.
 */
@Tag("fuzz-target")
class RtpPacketsFuzzTargetTest {
    private static final int TELEPHONE_EVENT = 101;

    @FuzzTest(maxExecutions = 20000)
    void packets(byte[] input) {
        StringBuilder digits = new StringBuilder();
        Rfc4733Receiver receiver = new Rfc4733Receiver(digits::append);
        long now = 0;
        int datagrams = 0;
        int at = 0;
        while (at + 3 <= input.length) {
            int length = Math.min(((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF), input.length - at - 3);
            now += input[at + 2] & 0xFF;
            byte[] packet = Arrays.copyOfRange(input, at + 3, at + 3 + length);
            at += 3 + length;
            datagrams++;
            receive(packet, receiver, now);
            receiver.poll(now);
        }
        receiver.poll(now + 10_000);
        assertThat(digits.length()).isLessThanOrEqualTo(datagrams).isEqualTo((int) receiver.digitsReported());
        for (int i = 0; i < digits.length(); i++) {
            assertThat(DtmfKey.isKey(digits.charAt(i))).as("reported %s", digits.charAt(i)).isTrue();
        }
    }

    /** What the session's receive thread does with one datagram, up to the receiver. */
    private static void receive(byte[] packet, Rfc4733Receiver receiver, long now) {
        int len = packet.length;
        int header = RtpHeader.headerLength(packet, 0, len);
        ByteBuffer buffer = ByteBuffer.wrap(packet);
        assertThat(RtpHeader.headerLength(buffer, 0, len)).isEqualTo(header);
        int payload = RtpHeader.payloadLength(packet, 0, len);
        assertThat(RtpHeader.payloadLength(buffer, 0, len)).isEqualTo(payload);
        if (header < 0) {
            assertThat(payload).isEqualTo(-1);
            return;
        }
        assertThat(header).isBetween(RtpHeader.FIXED_LENGTH, len);
        if (payload < 0) {
            return;
        }
        assertThat(header + payload).isLessThanOrEqualTo(len);
        int payloadType = RtpHeader.payloadType(packet, 0);
        assertThat(payloadType).isBetween(0, 127).isEqualTo(RtpHeader.payloadType(buffer, 0));
        assertThat(RtpHeader.sequence(packet, 0)).isBetween(0, 0xFFFF).isEqualTo(RtpHeader.sequence(buffer, 0));
        assertThat(RtpHeader.timestamp(packet, 0)).isEqualTo(RtpHeader.timestamp(buffer, 0));
        assertThat(RtpHeader.ssrc(packet, 0)).isEqualTo(RtpHeader.ssrc(buffer, 0));
        if (payloadType == TELEPHONE_EVENT) {
            receiver.onPacket(RtpHeader.ssrc(packet, 0), RtpHeader.sequence(packet, 0), RtpHeader.timestamp(packet, 0),
                    RtpHeader.marker(packet, 0), packet, header, payload, now);
        }
    }
}
